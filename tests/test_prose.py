"""What counts as prose (it places the article body, and so the zones) in scripts other than Latin."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.blocks import is_prose

ZH = (
    "市议会周二投票决定将港口改造计划延长两年，此前居民对交通、噪音和新渡轮码头的费用表示担忧。"
    "官员表示，修订后的预算将于下月公布。"
)
JA = (
    "市議会は火曜日、港の再開発計画をさらに二年間延長することを決めた。住民からは交通や騒音、新"
    "しいフェリー乗り場の費用について懸念が出ていた。"
)
KO = (
    "시의회는 화요일 항구 재개발 계획을 2년 더 연장하기로 의결했으며, 주민들은 교통"
    "과 소음, 새 여객선 터미널 비용에 대해 우려를 나타냈다."
)
HI = (
    "नगर परिषद ने मंगलवार को बंदरगाह पुनर्विकास यो"
    "जना को दो साल और बढ़ाने के लिए मतदान किया, जब"
    " निवासियों ने यातायात और शोर को लेकर चिंता जत"
    "ाई।"
)
AR = (
    "صوّت مجلس المدينة يوم الثلاثاء على تمديد خطة "
    "إعادة تطوير الميناء لعامين آخرين، بعد أن أبدى"
    " السكان قلقهم من حركة المرور والضوضاء وتكلفة "
    "محطة العبارات الجديدة؟"
)


@pytest.mark.parametrize("text", [ZH, JA, KO, HI, AR, "「" + ZH + "」"])
def test_a_paragraph_is_prose_in_any_script(text: str) -> None:
    assert is_prose(text)


@pytest.mark.parametrize("text", ["相关阅读", "责任编辑：张伟", "市议会投票决定延长港口改造计划", "관련기사",
                                  "यह भी पढ़ें"])
def test_labels_and_titles_are_not(text: str) -> None:
    assert not is_prose(text)


@pytest.mark.parametrize("body, chrome_before, chrome_after", [
    (f"{ZH}\n\n{ZH}\n", "分享到：\n", "相关阅读\n版权所有 © 2019 示例新闻网\n"),
    (f"{HI}\n\n{HI}\n", "शेयर करें\n", "यह भी पढ़ें: नदी के किनारे नया पार्क खुला\nसर्वाधिकार सुरक्षित\n"),
])
def test_chrome_around_a_cjk_or_hindi_article_goes(body: str, chrome_before: str, chrome_after: str) -> None:
    """Before, such paragraphs were never prose, so the page had no head or tail and kept its chrome."""
    assert Cleaner().clean(chrome_before + body + chrome_after).text == body


TH = ("คณะรัฐมนตรีมีมติอนุมัติงบประมาณสำหรับโครงการปรับปรุงท่าเรือเก่าของเมือง โดยคาดว่าจะเริ่มงานได้ภายในปีหน้า "
      "และจะช่วยสร้างงานให้กับคนในพื้นที่หลายพันตำแหน่ง ทั้งนี้ผู้ประกอบการในพื้นที่ยังกังวลเรื่องการจราจร")
LO = ("ສະພາເມືອງໄດ້ລົງມະຕິໃນວັນອັງຄານເພື່ອຂະຫຍາຍແຜນການພັດທະນາທ່າເຮືອອອກໄປອີກສອງປີ ຫຼັງຈາກທີ່ຊາວບ້ານ"
      "ໄດ້ສະແດງຄວາມເປັນຫ່ວງກ່ຽວກັບການຈະລາຈອນ ສຽງດັງ ແລະ ຄ່າໃຊ້ຈ່າຍຂອງທ່າເຮືອໃໝ່")
KM = ("ក្រុមប្រឹក្សាក្រុងបានបោះឆ្នោតកាលពីថ្ងៃអង្គារ ដើម្បីពន្យារផែនការអភិវឌ្ឍកំពង់ផែរយៈពេលពីរឆ្នាំទៀត "
      "បន្ទាប់ពីប្រជាពលរដ្ឋបានបង្ហាញការព្រួយបារម្ភអំពីចរាចរណ៍ និងសំឡេងរំខាន។")


@pytest.mark.parametrize("text", [TH, LO, KM])
def test_a_paragraph_is_prose_in_scripts_that_end_sentences_without_a_sign(text: str) -> None:
    """Thai and Lao end a sentence with a space; Khmer with its own sign (។)."""
    assert is_prose(text)


@pytest.mark.parametrize("text", ["อ่านข่าวที่เกี่ยวข้อง", "ข่าวล่าสุด",
                                  "นายกฯ สั่งเร่งแก้ปัญหาน้ำท่วมในภาคเหนือ หลังฝนตกหนักต่อเนื่องหลายวัน"])
def test_thai_labels_and_headlines_are_not_prose(text: str) -> None:
    assert not is_prose(text)


def test_chrome_around_a_thai_article_goes() -> None:
    """Thai paragraphs end without a sign, so they were never prose and the page had no head or tail."""
    body = f"{TH}\n\n{TH}\n"
    assert Cleaner().clean("แชร์ข่าวนี้\n" + body + "สงวนลิขสิทธิ์\n").text == body

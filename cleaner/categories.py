"""The kinds of chrome a rule can remove; a user keeps a whole category with ``keep``."""

CATEGORIES: dict[str, str] = {
    "caption": "photo captions and image credits",
    "attribution": "source labels and 'Source: X' lines",
    "navigation": "section labels, menus, breadcrumbs, tag lists",
    "dateline": "lines that are only a date or time stamp",
    "byline": "author lines and reporting/editing credits",
    "donation": "donation and membership appeals",
    "subscribe": "newsletter, mailing-list and sign-up prompts",
    "share": "share and follow prompts",
    "related": "related-article, read-more and teaser lists",
    "footer": "copyright and site footer lines",
    "advertisement": "advertisement labels and sponsored notes",
    "cookie": "cookie and consent notices",
    "comments": "comment section headers and prompts",
    "meta": "reading-time labels, disclosures and other page furniture",
}

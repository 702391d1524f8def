"""Reading what a report says: its article on the page, and the text of its PDF."""

import io
import re
from unittest import mock

from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from athletes import pdf
from athletes.views import reports


def report_article(response):
    """The report itself (its <article>), without the page's navigation and forms."""
    body = response.content.decode()
    match = re.search(r'<article class="report".*?</article>', body, re.S)
    assert match, "the page holds no report"
    return match.group(0)


def pdf_text(html):
    """The words WeasyPrint lays out on the pages of `html`, page by page, joined by spaces."""
    document = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticFilesFetcher()).render()
    pages = []
    for page in document.pages:
        words = [box.text for box in page._page_box.descendants() if isinstance(box, TextBox)]
        pages.append(" ".join(words))
    return pages


def pdf_lines(content):
    """The lines of a PDF's pages as a reader's eye meets them, top to bottom and left to right on each page.

    pypdf lays the text out by where it is drawn, so words drawn side by side share a line: a table row
    comes out whole, unless something else is drawn beside or over it. Spaces are collapsed."""
    lines = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for line in page.extract_text(extraction_mode="layout").splitlines():
            if line.strip():
                lines.append(" ".join(line.split()))
    return lines


def get_pdf(client, url):
    """GET a PDF: (the response, the HTML the view turned into it)."""
    with mock.patch.object(reports, "html_to_pdf", wraps=pdf.html_to_pdf) as made:
        response = client.get(url)
    html = made.call_args.args[0] if made.called else ""
    return response, html

"""The secretariat writes a news item from a session, edits it, gives it a gallery and publishes
it; an anonymous visitor reads it, pages its gallery and downloads a full-size image."""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SESSION = "22nd Regional Heads of Customs Administrative Conference"
PHOTOS = 7  # one more than a page of the gallery


def photo(tmp_path, n):
    image = Image.new("RGB", (1200, 800), (40 + 20 * n, 90, 160))
    ImageDraw.Draw(image).rectangle([100, 100, 500, 400], fill=(230, 230, 230))
    path = tmp_path / f"photo-{n}.jpg"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def test_a_news_item_from_a_session_to_the_public(page, sign_in, browser, demo_server, tmp_path):
    sign_in(page, "secretariat@demo.example.org")
    # A public gallery of the session, filled through the upload page.
    page.goto("/ap/galleries/add/")
    page.get_by_label("Title (English)").fill("22nd RHCAC in pictures")
    page.get_by_label("Meeting session").select_option(label=SESSION)
    page.get_by_label("Visibility").select_option(label="Public")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a photo")
    upload_url = page.url
    for n in range(1, PHOTOS + 1):
        page.goto(upload_url)
        page.locator("input[name=image]").set_input_files(str(photo(tmp_path, n)))
        page.get_by_label("Caption (English)").fill(f"Delegates on screen, view {n}")
        page.get_by_role("button", name="Upload photo").click()
        expect(page.get_by_role("status")).to_be_visible()

    # The draft, written from the session's data.
    page.goto("/ap/meetings/")
    page.get_by_role("link", name=SESSION).first.click()
    page.get_by_role("button", name="Write a news item from this session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the news item")
    expect(page.get_by_label("Title (English)")).to_have_value(SESSION)
    body = page.get_by_label("Text (English)")
    expect(body).to_have_value(
        re.compile("was held virtually on 1 April 2021, hosted by Indonesia")
    )
    page.get_by_label("Title (English)").fill(f"Heads of Customs meet online: the {SESSION}")
    body.fill(body.input_value() + "\n\nThe Heads thanked Indonesia for hosting.")
    page.get_by_label("Photo gallery").select_option(label="22nd RHCAC in pictures")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The news item is saved.")
    page.get_by_role("link", name="Publish").click()
    page.get_by_label("Publication date").fill("2021-04-02")
    page.get_by_label("Lead (English)").fill("The Heads of Customs met online on 1 April 2021.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("The news item is published.")

    # An anonymous visitor: the archive, the page, its gallery's second page, a download.
    visitor = browser.new_context(base_url=demo_server.url, locale="en-GB")
    public = visitor.new_page()
    public.goto("/ap/news/")
    public.get_by_role("link", name=f"Heads of Customs meet online: the {SESSION}").click()
    expect(public.get_by_role("heading", level=1)).to_contain_text("Heads of Customs meet online")
    expect(public.locator(".lead")).to_have_text("The Heads of Customs met online on 1 April 2021.")
    expect(public.locator(".prose")).to_contain_text("The Heads thanked Indonesia for hosting.")
    og_image = public.locator('meta[property="og:image"]')
    expect(og_image).to_have_attribute("content", re.compile(r"^http://.+/ap/photos/\d+/w\d+/$"))
    expect(public.get_by_text("Delegates on screen, view 1", exact=True)).to_be_visible()
    expect(public.get_by_text("Delegates on screen, view 7", exact=True)).to_have_count(0)
    public.get_by_role("link", name="Next photos").click()
    expect(public.get_by_text("Delegates on screen, view 7", exact=True)).to_be_visible()
    with public.expect_download() as download:
        public.get_by_role("link", name="Download full size image").first.click()
    saved = tmp_path / "download.jpg"
    download.value.save_as(saved)
    with Image.open(saved) as image:
        assert image.size == (1200, 800)
    public.screenshot(path=str(tmp_path / "news.png"), full_page=True)
    visitor.close()

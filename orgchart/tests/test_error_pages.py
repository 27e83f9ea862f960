"""403 and 404 pages in the site's layout and language."""
from django.urls import reverse


def test_a_manager_refused_a_page_gets_an_explanation_in_the_site_layout(manager_client):
    response = manager_client.get(reverse("quality_report"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and "人力资源部" in html and 'class="site-header' in html


def test_an_unknown_code_gets_a_404_that_names_what_was_looked_for(hr_client, db):
    for url in (
        reverse("jobs:position_history", args=["NOPE-99"]),
        reverse("departments:history", args=["NOPE"]),
        reverse("jobs:handbook", args=["NOPE"]),
        reverse("position_chart_json") + "?department=NOPE",
    ):
        response = hr_client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert "页面不存在" in html and "“NOPE" in html and "matches the given query" not in html, url

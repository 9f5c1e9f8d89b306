"""A data manager imports the directory from the admin (dry run, then for real), and finds the
staff guides in the admin's menu. Takes the data guide's screenshots (tests/e2e/guide.py)."""

import re

import pytest
from django.contrib.auth.models import Permission

from content.site_setup import ensure_site
from directory.models import ServicePoint
from tests.e2e.guide import guide_shot
from tests.e2e.timeouts import WAIT_MS
from tests.factories.directory import DivisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "external_id,name,level,division_code,latitude,longitude\n"
    "tn-1,泰宁县未成年人救助保护中心,county,350429,26.9,117.17\n"
    "tn-2,杉城镇儿童之家,township,350429,26.89,117.16\n"
)


def test_data_manager_imports_after_a_dry_run_and_opens_the_guides(
    live_server, browser, django_user_model, tmp_path
):
    ensure_site()
    DivisionFactory(code="350429", name="泰宁县", level="county")
    manager = django_user_model.objects.create_user("data", "data@example.org", "secret-pw-1")
    manager.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "add_servicepoint", "change_servicepoint"]
        )
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    base = live_server.url
    try:
        # The admin signs in through the portal's sign-in (one door): by e-mail address.
        page.goto(base + "/admin/login/?next=/admin/")
        page.fill("#id_login", "data@example.org")
        page.fill("#id_password", "secret-pw-1")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r".*/admin/$"))

        # The import page, from the admin's menu.
        page.get_by_role("link", name="导入服务网络名录").click()
        page.wait_for_url(re.compile(r"/admin/directory/import/"))
        upload = tmp_path / "points.csv"
        upload.write_text(CSV, encoding="utf-8-sig")
        page.set_input_files("input[name='file']", str(upload))
        assert page.is_checked("input[name='dry_run']")
        guide_shot(page, "data-import-form")
        page.get_by_role("button", name="检查并导入").click()
        page.wait_for_load_state()
        assert "全部 2 行有效" in page.content()
        assert not ServicePoint.objects.exists()  # a dry run writes nothing
        guide_shot(page, "data-import-report")

        page.set_input_files("input[name='file']", str(upload))
        page.uncheck("input[name='dry_run']")
        page.get_by_role("button", name="检查并导入").click()
        page.wait_for_load_state()
        assert sorted(ServicePoint.objects.values_list("external_id", flat=True)) == [
            "tn-1",
            "tn-2",
        ]

        # The staff guides are in the menu, in Chinese, with their screenshots.
        page.get_by_role("button", name="员工指南").click()
        guide_shot(page, "guide-in-admin")
        page.get_by_role("link", name="指南：数据管理").click()
        page.wait_for_url(re.compile(r"/admin/guide/data/$"))
        article = page.locator("article[data-staff-guide='data']")
        assert "先试运行，再正式导入" in article.inner_text()
        image = article.locator("img").first
        src = image.get_attribute("src")
        assert page.request.get(base + "/admin/guide/data/" + src).status == 200
    finally:
        context.close()

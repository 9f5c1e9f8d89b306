"""Stories and news share one abstract index page: the same fields, filters, pager, feeds and
template, each on its own unchanged table."""

import pytest
from django.db import connection

from content.models import ArticleIndexPage, NewsIndexPage, StoryIndexPage
from tests.factories.content import make_news, make_story

pytestmark = pytest.mark.django_db


def test_both_indexes_are_the_one_abstract_page_on_their_own_tables():
    assert ArticleIndexPage._meta.abstract
    for model, table in (
        (StoryIndexPage, "content_storyindexpage"),
        (NewsIndexPage, "content_newsindexpage"),
    ):
        assert issubclass(model, ArticleIndexPage)
        assert model._meta.db_table == table
        with connection.cursor() as cursor:
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
        assert columns == {"page_ptr_id", "intro"}


@pytest.mark.parametrize(
    ("path", "make", "model"),
    [("/stories/", make_story, StoryIndexPage), ("/news/", make_news, NewsIndexPage)],
)
def test_each_index_keeps_its_introduction_and_lists_only_its_own_articles(
    client, home_page, path, make, model
):
    index = model.objects.get(locale__language_code="zh-hans")
    index.intro = "<p>每一篇都经过审核。</p>"
    index.save_revision().publish()
    make(title="只在这里")

    html = client.get(path).content.decode()
    assert "每一篇都经过审核。" in html
    assert ">只在这里</a>" in html
    assert '<form class="filters" method="get"' in html
    assert f'href="{path}feed/"' in html
    other = "/news/" if path == "/stories/" else "/stories/"
    assert ">只在这里</a>" not in client.get(other).content.decode()

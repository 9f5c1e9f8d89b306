"""The admin's answers when the child-safety rule refuses to let a page go live by a path that
has no form to show the reason on: the workflow approve action and bulk publish."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.models import Page

from .models import CHILD_SAFETY_MESSAGE, child_safety_refusal


def child_safety_refused(request, page_id: int):
    """Where a refused workflow approval lands: says why, then opens the page's editor, where the
    confirmations are. Changes nothing, so a reload or a stale link is harmless."""
    page = get_object_or_404(Page, pk=page_id)
    if child_safety_refusal(page):
        messages.error(
            request,
            _("“%(title)s” was not approved and is not published. %(reason)s")
            % {"title": page.get_latest_revision_as_object().title, "reason": CHILD_SAFETY_MESSAGE},
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))


class ChildSafetyPublishBulkAction(PublishBulkAction):
    """Wagtail's bulk publish, leaving out (and naming) the pages whose content breaks the
    child-safety rule instead of failing the whole request; the other pages are published."""

    def get_execution_context(self):
        self.refused: list[str] = []
        return {**super().get_execution_context(), "refused": self.refused}

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, refused=None, **kwargs):
        refused = [] if refused is None else refused
        allowed = []
        for page in objects:
            if child_safety_refusal(page):
                refused.append(page.get_latest_revision_as_object().title)
            else:
                allowed.append(page)
        num_parents, num_children = super().execute_action(allowed, user=user, **kwargs)
        if include_descendants:
            # Wagtail's own loop over the draft descendants would fail at the first refused one.
            for page in objects:
                num_children += cls._publish_draft_descendants(page, user, refused)
        return num_parents, num_children

    @classmethod
    def _publish_draft_descendants(cls, page, user, refused: list[str]) -> int:
        published = 0
        for descendant in page.get_descendants().not_live().specific().iterator():
            if user is not None and not descendant.permissions_for_user(user).can_publish():
                continue
            if child_safety_refusal(descendant):
                refused.append(descendant.get_latest_revision_as_object().title)
                continue
            revision = descendant.get_latest_revision() or descendant.save_revision(user=user)
            revision.publish(user=user)
            published += 1
        return published

    def get_success_message(self, num_parent_objects, num_child_objects):
        if self.refused:
            messages.error(
                self.request,
                _("Not published: %(titles)s. %(reason)s")
                % {"titles": ", ".join(self.refused), "reason": CHILD_SAFETY_MESSAGE},
            )
        if not num_parent_objects and not num_child_objects:
            return None
        return super().get_success_message(num_parent_objects, num_child_objects)

"""Wagtail's publish_scheduled, made safe against scheduled revisions that break the child-safety
rule. Wagtail publishes the due revisions in one loop that stops at the first error, so such a
revision would crash the command and hold back every page scheduled after it. This app comes
before Wagtail in INSTALLED_APPS, so this command replaces Wagtail's of the same name."""

import logging

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from content.models import revision_child_safety_refusal

logger = logging.getLogger(__name__)


class Command(WagtailCommand):
    help = (
        "Publish the pages whose scheduled go-live time has passed and unpublish expired ones; "
        "a scheduled page that breaks the child-safety rule is unscheduled and reported."
    )

    def handle(self, *args, **options):
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by(
            "approved_go_live_at"
        )
        for revision in due:
            if not revision_child_safety_refusal(revision):
                continue
            # The approval to go live is void: the page stays as it is (a draft, or its current
            # live version), and no longer shows as scheduled, so the editor sees it is not live.
            # Unscheduling (rather than skipping on every run) reports it once, not every minute.
            self.stdout.write(
                f"Not published (child-safety confirmations missing), unscheduled: "
                f"{revision.object_str} (page {revision.object_id}, revision {revision.pk})"
            )
            logger.warning(
                "publish_scheduled: revision %s of page %s breaks the child-safety rule; "
                "unscheduled instead of published",
                revision.pk,
                revision.object_id,
            )
            if not options["dryrun"]:
                revision.approved_go_live_at = None
                revision.save(update_fields=["approved_go_live_at"])
        return super().handle(*args, **options)

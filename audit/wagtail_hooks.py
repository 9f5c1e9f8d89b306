"""Register the read-only audit trail in the Wagtail admin (Settings → Audit trail)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from audit.models import AuditEntry
from audit.views import AuditEntryFilterSet, AuditIndexView


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only "view" exists, and only for holders of audit.view_auditentry (superusers too):
    nobody gets add, change or delete, whatever their groups say."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return self.user_model.objects.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit trail")
    add_to_settings_menu = True
    index_view_class = AuditIndexView
    filterset_class = AuditEntryFilterSet
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["at", "actor_label", "action_label", "target_label", "detail", "path"]
    list_export = ["at", "actor_id", "actor_label", "action", "target_type", "target_id", "path"]
    list_export += ["detail"]
    # Column names stay the field codes in every language, for scripts that read the file.
    export_headings = {field: field for field in list_export}
    export_filename = "audit-trail"
    inspect_view_fields = [
        "at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "path",
        "detail",
    ]
    list_per_page = 50
    # Required by ModelViewSet although no form page is routed (see get_urlpatterns).
    form_fields = ["detail"]

    def get_urlpatterns(self):
        # No add, edit, delete, copy or history pages at all, not merely hidden buttons.
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename="view_auditentry")


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")

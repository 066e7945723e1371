"""League admins no longer hold permissions on API tokens, nor to create or delete accounts.

The group is re-synced whenever someone is given a role, but a database that already has it keeps
the old permissions until then: this sets them to the current rule now. A database without the
group (a new one) has nothing to change; the group is made with the first League admin.
"""

from django.db import migrations


def resync_league_admins(apps, schema_editor):
    from portal.services.accounts import LEAGUE_ADMIN_GROUP, league_admin_permissions

    database = schema_editor.connection.alias
    group = apps.get_model("auth", "Group").objects.using(database).filter(
        name=LEAGUE_ADMIN_GROUP).first()
    if group is None:
        return
    permissions = apps.get_model("auth", "Permission").objects.using(database)
    group.permissions.set(league_admin_permissions(permissions))


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(resync_league_admins, migrations.RunPython.noop),
    ]

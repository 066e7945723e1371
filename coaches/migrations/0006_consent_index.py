from django.db import migrations, models


def fill_index(apps, schema_editor):
    """The index of what each coach shows, from `public_fields` (as Coach.save() keeps it).
    Languages, certifications and the home region became consents of their own: nobody
    gave them yet, so they start hidden (PDPA: nothing is shown without consent)."""
    Coach = apps.get_model("coaches", "Coach")
    for coach in Coach.objects.only("pk", "public_fields").iterator():
        fields = sorted(set(coach.public_fields or []))
        Coach.objects.filter(pk=coach.pk).update(
            shown_index="," + "".join(f"{code}," for code in fields))


class Migration(migrations.Migration):

    dependencies = [
        ("coaches", "0005_protected_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="coach",
            name="shown_index",
            field=models.CharField(default=",", editable=False, max_length=200),
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]

"""Progress reports, recommendations and area reviews now belong to the reports and learning
apps, which took over their tables: the pilots app only forgets them (no database change)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0001_initial'),
        ('pilots', '0003_protected_files'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='measurement',
                    name='report',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='measurements', to='reports.progressreport'),
                ),
                migrations.DeleteModel(name='ReportAttachment'),
                migrations.DeleteModel(name='ReportComment'),
                migrations.DeleteModel(name='ProgressReport'),
                migrations.DeleteModel(name='Recommendation'),
                migrations.DeleteModel(name='AreaReview'),
            ],
            database_operations=[],
        ),
    ]

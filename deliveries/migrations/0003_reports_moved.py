"""The report versions delivered now live in the reports app (same table, renamed by its first
migration): only the state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deliveries', '0002_report_briefs'),
        ('reports', '0001_initial'),
    ]
    # The pilots app forgets its old report model once nothing points at it any more.
    run_before = [
        ('pilots', '0004_reports_and_learning_moved_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='delivery',
                    name='report',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='reports.progressreport', verbose_name='report version'),
                ),
                migrations.AlterField(
                    model_name='reportbrief',
                    name='report',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='briefs', to='reports.progressreport', verbose_name='report version'),
                ),
            ],
            database_operations=[],
        ),
    ]

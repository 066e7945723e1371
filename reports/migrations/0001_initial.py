"""Progress reports move here from the pilots app, rows, ids, table names
and permissions unchanged."""

import django.db.models.deletion
import portal.files
from django.conf import settings
from django.db import migrations, models



MODELS = ['progressreport', 'reportattachment', 'reportcomment']


def move_content_types(apps, schema_editor, source="pilots", target="reports"):
    """Permissions and admin log entries point at content types: keep them with the models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if content_type.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        content_type.objects.using(db).filter(app_label=source, model=model).update(
            app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="reports", target="pilots")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('coaches', '0005_protected_files'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('pilots', '0003_protected_files'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (created by the pilots app, keeping their names).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ProgressReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_kind', models.CharField(choices=[('month', 'Month'), ('quarter', 'Quarter')], default='month', max_length=8, verbose_name='period')),
                        ('period_start', models.DateField(verbose_name='period start')),
                        ('period_end', models.DateField(verbose_name='period end')),
                        ('version', models.PositiveSmallIntegerField(default=1, verbose_name='version')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=10, verbose_name='status')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('activities', models.TextField(blank=True, verbose_name='activities done')),
                        ('aar_expected', models.TextField(blank=True, verbose_name='AAR: what we expected')),
                        ('aar_happened', models.TextField(blank=True, verbose_name='AAR: what happened')),
                        ('aar_better', models.TextField(blank=True, verbose_name='AAR: what was better than expected')),
                        ('aar_suggestions', models.TextField(blank=True, verbose_name='AAR: suggestions')),
                        ('problems', models.TextField(blank=True, verbose_name='problems met')),
                        ('next_steps', models.TextField(blank=True, verbose_name='next steps')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('coach', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='coaches.coach')),
                        ('corrects', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='correction', to='reports.progressreport', verbose_name='corrects')),
                        ('pilot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='pilots.pilot')),
                    ],
                    options={
                        'db_table': 'pilots_progressreport',
                        'verbose_name': 'progress report',
                        'verbose_name_plural': 'progress reports',
                        'ordering': ['-period_start', '-version'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', portal.files.ProtectedFileField(kind='report-attachment', upload_to=portal.files.RandomName('reports'), verbose_name='file')),
                        ('original_name', models.CharField(blank=True, editable=False, max_length=255, verbose_name='file name')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('kind', models.CharField(max_length=8)),
                        ('size', models.PositiveIntegerField(default=0)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='reports.progressreport')),
                    ],
                    options={
                        'db_table': 'pilots_reportattachment',
                        'verbose_name': 'attachment',
                        'verbose_name_plural': 'attachments',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=4000, verbose_name='comment')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='when')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='reports.progressreport')),
                    ],
                    options={
                        'db_table': 'pilots_reportcomment',
                        'verbose_name': 'comment',
                        'verbose_name_plural': 'comments',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='progressreport',
                    index=models.Index(fields=['pilot', 'status', 'period_start'], name='report_pilot_idx'),
                ),
                migrations.AddIndex(
                    model_name='progressreport',
                    index=models.Index(fields=['coach', 'status', 'period_start'], name='report_coach_idx'),
                ),
                migrations.AddConstraint(
                    model_name='progressreport',
                    constraint=models.UniqueConstraint(fields=('pilot', 'coach', 'period_start', 'version'), name='report_unique_version'),
                ),
                migrations.AddConstraint(
                    model_name='progressreport',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='report_period_order'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

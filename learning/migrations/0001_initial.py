"""Recommendations and area-management reviews move here from the pilots app, rows, ids,
table names and permissions unchanged."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models



MODELS = ['areareview', 'recommendation']


def move_content_types(apps, schema_editor, source="pilots", target="learning"):
    """Permissions and admin log entries point at content types: keep them with the models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if content_type.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        content_type.objects.using(db).filter(app_label=source, model=model).update(
            app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="learning", target="pilots")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('pilots', '0003_protected_files'),
        ('portal', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (created by the pilots app, keeping their names).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AreaReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('area_name', models.CharField(max_length=200, verbose_name='area')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year (A.D.)')),
                        ('answers', models.JSONField(default=dict, verbose_name='answers')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='area_reviews', to='portal.municipality', verbose_name='municipality')),
                        ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='area_reviews', to='portal.province', verbose_name='province')),
                    ],
                    options={
                        'db_table': 'pilots_areareview',
                        'verbose_name': 'area-management review',
                        'verbose_name_plural': 'area-management reviews',
                        'ordering': ['-year', 'area_name'],
                        'indexes': [models.Index(fields=['year', 'province'], name='area_review_year_idx')],
                        'constraints': [models.UniqueConstraint(fields=('area_name', 'province', 'year'), name='area_review_unique_year')],
                    },
                ),
                migrations.CreateModel(
                    name='Recommendation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.CharField(choices=[('project', 'Project'), ('municipality', 'Municipality'), ('league', 'League'), ('partners', 'Partners'), ('policy', 'Policy')], max_length=16, verbose_name='level')),
                        ('problem_th', models.TextField(blank=True, verbose_name='problem (Thai)')),
                        ('problem_en', models.TextField(blank=True, verbose_name='problem (English)')),
                        ('consequence_th', models.TextField(blank=True, verbose_name='consequence (Thai)')),
                        ('consequence_en', models.TextField(blank=True, verbose_name='consequence (English)')),
                        ('recommendation_th', models.TextField(blank=True, verbose_name='recommendation (Thai)')),
                        ('recommendation_en', models.TextField(blank=True, verbose_name='recommendation (English)')),
                        ('owner', models.CharField(blank=True, max_length=200, verbose_name='owner')),
                        ('time_frame', models.CharField(blank=True, max_length=200, verbose_name='time frame')),
                        ('target', models.CharField(blank=True, max_length=300, verbose_name='target')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('done', 'Done')], default='open', max_length=16, verbose_name='status')),
                        ('source_document', models.CharField(blank=True, max_length=20, verbose_name='source document')),
                        ('pilots', models.ManyToManyField(blank=True, related_name='recommendations', to='pilots.pilot', verbose_name='pilots')),
                    ],
                    options={
                        'db_table': 'pilots_recommendation',
                        'verbose_name': 'problem and recommendation',
                        'verbose_name_plural': 'problems and recommendations',
                        'ordering': ['level', 'id'],
                        'indexes': [models.Index(fields=['level', 'status'], name='recommendation_level_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

"""Report copies gain a channel: one row per report version, recipient and channel."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coaches', '0005_protected_files'),
        ('deliveries', '0003_reports_moved'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='delivery',
            name='delivery_once_per_recipient',
        ),
        migrations.AddField(
            model_name='delivery',
            name='line_user_id',
            field=models.CharField(blank=True, max_length=64, verbose_name='LINE user id'),
        ),
        migrations.AlterField(
            model_name='delivery',
            name='channel',
            field=models.CharField(choices=[('email', 'E-mail'), ('line', 'LINE')], default='email', max_length=16, verbose_name='channel'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('report', 'recipient_email', 'channel'), name='delivery_once_per_recipient'),
        ),
    ]

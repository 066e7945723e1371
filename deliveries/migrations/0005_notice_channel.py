"""A scheduled message is sent once per recipient, period and channel."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deliveries', '0004_line_channel'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='notice',
            name='notice_once',
        ),
        migrations.AddField(
            model_name='notice',
            name='channel',
            field=models.CharField(choices=[('email', 'E-mail'), ('line', 'LINE')], default='email', max_length=16, verbose_name='channel'),
        ),
        migrations.AddConstraint(
            model_name='notice',
            constraint=models.UniqueConstraint(fields=('kind', 'recipient_email', 'channel', 'period', 'subject_key'), name='notice_once'),
        ),
    ]

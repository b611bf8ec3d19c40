from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_decision_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="carried_from_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                help_text="The year whose plan this unfinished activity was carried over from.",
                null=True,
                verbose_name="carried over from",
            ),
        ),
    ]

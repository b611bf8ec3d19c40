"""The two planning models that come with Verksam.

Stockholm City Library's strategic model (2008): the mission today and tomorrow, the
external perspective, the internal perspective and continuous improvement, with
commitments per strategic perspective, the economic one among them. And the focus-area
model in which Stockholm University Library's and Region Kalmar's operational plans are
written: focus areas, goals in each, activities towards the goals. The texts are in
Swedish, as the plans written by them are.
"""

from django.db import migrations

STOCKHOLM = {
    "name": "Stockholms stadsbiblioteks strategiska planeringsmodell",
    "description": (
        "Planen skrivs i fyra steg: först uppdraget idag och i framtiden, sedan det externa "
        "perspektivet (det vi inte styr över men kan påverka), sedan det interna perspektivet "
        "(det vi själva kan påverka) och sist ständiga förbättringar. Åtagandena samlas per "
        "strategiskt perspektiv: besökare och verksamhet, relationer och image, ekonomiska "
        "resurser, personal och kompetens, organisation och arbetssätt samt mötesplatser, IT "
        "och medier. Efter Stockholms stadsbiblioteks strategiska perspektiv från 2008."
    ),
    "level_names": ["Åtagande", "Aktivitet"],
    "steps": [
        {
            "title": "Uppdraget idag och i framtiden",
            "perspective": "Uppdrag och framtid",
            "level": 1,
            "question": (
                "Vilka är framgångsfaktorerna för att vi ska nå uppställda mål? Vad behöver "
                "vi göra redan nu för att klara morgondagens uppdrag?"
            ),
            "guidance": (
                "Börja med att diskutera uppdraget, som det ser ut idag och som det kan se ut "
                "om några år. Skriv det ni behöver börja med redan nu som åtaganden."
            ),
        },
        {
            "title": "Externt perspektiv: besökare och verksamhet",
            "perspective": "Besökare och verksamhet",
            "level": 1,
            "question": (
                "Vilka målgrupper prioriterar vi, och vilken verksamhet utvecklar vi för, med "
                "och av besökarna?"
            ),
            "guidance": (
                "Det externa perspektivet gäller verksamhetens förutsättningar: målgrupper, "
                "verksamhet, externt förtroende, samarbetspartner och ekonomiska resurser. Dem "
                "styr vi inte över, men vi kan påverka och utveckla dem genom det vi gör. "
                "Exempel från 2008: prioritera de allra yngsta barnen, 0–2 år, och deras "
                "föräldrar; utveckla verksamhet för äldre."
            ),
        },
        {
            "title": "Externt perspektiv: relationer och image",
            "perspective": "Relationer och image",
            "level": 1,
            "question": "Hur bygger vi starkare externa relationer och förtroende?",
            "guidance": (
                "Tänk på samarbetspartner, omvärldsbevakning och hur biblioteket syns. "
                "Exempel från 2008: utveckla omvärldsbevakningen, erbjuda bibliotekstjänster "
                "till näringslivet, synliggöra det lokala fria kulturlivet på biblioteken."
            ),
        },
        {
            "title": "Externt perspektiv: ekonomiska resurser",
            "perspective": "Ekonomiska resurser",
            "level": 1,
            "question": "Hur frigör vi resurser, och vilka nya intäkter kan vi skapa?",
            "guidance": (
                "Åtaganden om kostnader och intäkter hör hit. Exempel från 2008: minskade "
                "kostnader genom effektivare bemanning och mediehantering, nya intäktskällor "
                "genom externt samarbete."
            ),
        },
        {
            "title": "Internt perspektiv: personal och kompetens",
            "perspective": "Personal och kompetens",
            "level": 1,
            "question": (
                "Hur behöver kompetensen utvecklas för att möta verksamhetens behov?"
            ),
            "guidance": (
                "Det interna perspektivet gäller hur vi bedriver verksamheten enligt uppdraget "
                "och med de givna förutsättningarna: kompetens, organisation, arbetsprocesser, "
                "rutiner, medier och mötesplatser. Här har vi stor möjlighet att påverka själva. "
                "Exempel från 2008: personliga kompetensutvecklingsplaner för alla medarbetare, "
                "tydliga förväntningar på medarbetarskap och ledarskap."
            ),
        },
        {
            "title": "Internt perspektiv: organisation och arbetssätt",
            "perspective": "Organisation och arbetssätt",
            "level": 1,
            "question": "Hur utvecklar vi organisationen, arbetsprocesserna och rutinerna?",
            "guidance": (
                "Leta efter hinder för verksamhetsutveckling som kan undanröjas. Exempel från "
                "2008: kartlägga och förbättra arbetsprocesserna, införa en modell för "
                "kvalitetsutveckling, utveckla verksamhetsstyrning och uppföljning."
            ),
        },
        {
            "title": "Internt perspektiv: mötesplatser, IT och medier",
            "perspective": "Mötesplatser, IT och medier",
            "level": 1,
            "question": (
                "Hur skapar vi bättre mötesplatser för oss och besökarna, och hur behöver "
                "medier och IT-stöd utvecklas?"
            ),
            "guidance": (
                "Exempel från 2008: ett flytande mediebestånd med samordnad inköpsprocess, "
                "effektivare nyttjande av lokalerna, en ny mötesplats för barn på webben."
            ),
        },
        {
            "title": "Ständiga förbättringar",
            "perspective": "Ständiga förbättringar",
            "level": 2,
            "question": (
                "Vilka aktiviteter gör åtagandena verkliga, och vad förbättrar vi löpande?"
            ),
            "guidance": (
                "De externa och interna perspektiven samverkar hela tiden och handlar om "
                "utvecklingsarbete. Hur möter vi besökarnas behov? Hur frigör vi resurser? "
                "Hur bygger vi starkare relationer? Lägg aktiviteter under de åtaganden de "
                "hör till."
            ),
        },
    ],
}

FOCUS_AREAS = {
    "name": "Fokusområden, mål och aktiviteter",
    "description": (
        "Verksamhetsplanen byggs från några få fokusområden, med mål inom varje område och "
        "aktiviteter som leder mot målen. Så skriver Stockholms universitetsbibliotek sin "
        "verksamhetsplan och Region Kalmar län sin biblioteksutvecklings årliga plan, utifrån "
        "den regionala biblioteksplanens fokusområden."
    ),
    "level_names": ["Fokusområde", "Mål", "Aktivitet"],
    "steps": [
        {
            "title": "Fokusområden",
            "perspective": "",
            "level": 1,
            "question": "Vilka områden ska verksamheten lägga särskild kraft på under perioden?",
            "guidance": (
                "Utgå från de styrdokument planen följer, som den regionala biblioteksplanen "
                "eller lärosätets strategi, och från era övergripande mål. Välj några få "
                "områden; det som görs utöver dem fortsätter parallellt."
            ),
        },
        {
            "title": "Mål",
            "perspective": "",
            "level": 2,
            "question": "Vad vill ni ha uppnått inom varje fokusområde när perioden är slut?",
            "guidance": (
                "Skriv mål som går att följa upp. Mål kan också sättas under året, av "
                "arbetsgrupperna och av ledningsgruppen, i snabba cykler: planera, genomföra, "
                "utvärdera, förbättra."
            ),
        },
        {
            "title": "Aktiviteter",
            "perspective": "",
            "level": 3,
            "question": "Vilka aktiviteter leder mot målen, och vem ansvarar för dem?",
            "guidance": (
                "Till exempel fortbildningsdagar, nätverksträffar och gemensamma strukturer "
                "som medietransporter och databaser. Ange gärna ansvarig och när aktiviteten "
                "ska vara klar."
            ),
        },
    ],
}

BUILT_IN = [STOCKHOLM, FOCUS_AREAS]


def create_built_in_models(apps, schema_editor):
    PlanningModel = apps.get_model("planning", "PlanningModel")
    PlanningStep = apps.get_model("planning", "PlanningStep")
    for content in BUILT_IN:
        if PlanningModel.objects.filter(organisation=None, name=content["name"]).exists():
            continue
        model = PlanningModel.objects.create(
            name=content["name"],
            description=content["description"],
            level_names=content["level_names"],
        )
        PlanningStep.objects.bulk_create(
            PlanningStep(model=model, position=position, **step)
            for position, step in enumerate(content["steps"])
        )


def remove_built_in_models(apps, schema_editor):
    PlanningModel = apps.get_model("planning", "PlanningModel")
    PlanningModel.objects.filter(
        organisation=None, name__in=[content["name"] for content in BUILT_IN], plans=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_planning_models")]

    operations = [migrations.RunPython(create_built_in_models, remove_built_in_models)]

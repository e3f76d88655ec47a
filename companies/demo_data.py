"""Vocabulary of the generated demo region: the kinds of companies Mälardalen has, and where.

Fictional companies; the profiles follow the chamber's strong sectors (defence, electrification,
logistics, tech, advanced manufacturing). Codes are SNI 2007 sections and our STEM areas
(backend/reference/data/).
"""

from dataclasses import dataclass

# Approximate populations in thousands (SCB, 2023), so companies spread like people do.
REGION_WEIGHTS = {
    "1880": 160, "1980": 160, "0484": 107, "0486": 38, "1883": 30, "1983": 26, "1885": 23,
    "1981": 23, "1881": 22, "1861": 16, "1961": 16, "1984": 14, "1982": 13, "1882": 11,
    "1884": 10, "1907": 10, "1862": 9, "1960": 9, "1814": 8, "1863": 7, "1860": 6, "1962": 6,
    "1864": 5, "1904": 4,
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    key: str
    weight: int
    sectors: tuple[str, ...]
    stem_areas: tuple[str, ...]
    name_words: tuple[str, ...]
    roles: tuple[str, ...]
    topics: tuple[str, ...]
    description: str


PROFILES = (
    Profile(
        "defence", 12, ("C", "M"),
        ("defence", "electronics", "mechanical_engineering", "cybersecurity", "software"),
        ("Försvarsteknik", "Defence Systems", "Sensorsystem", "Säkerhetsteknik"),
        ("montör", "systemtekniker", "testingenjör", "mjukvaruutvecklare"),
        ("sensorfusion i radarsystem", "robust inbyggd mjukvara", "provning av skyddssystem"),
        "Utvecklar och tillverkar system för försvar och säkerhet åt svenska och "
        "internationella kunder.",
    ),
    Profile(
        "electrification", 15, ("C", "D"),
        ("electrification", "energy", "batteries", "electronics", "automation"),
        ("Elektrifiering", "Kraftelektronik", "Elteknik", "Energilösningar", "Laddsystem"),
        ("elektriker", "drifttekniker", "elkonstruktör", "kraftelektronikingenjör"),
        ("snabbladdning av tunga fordon", "batterilivslängd i stationära lager",
         "elnätsanalys med mätdata"),
        "Bygger framtidens elsystem: laddinfrastruktur, kraftelektronik och energilager.",
    ),
    Profile(
        "logistics", 15, ("H",),
        ("logistics", "vehicles", "data_ai"),
        ("Logistik", "Transport", "Terminal", "Distribution"),
        ("lagerarbetare", "fordonstekniker", "transportplanerare", "logistikanalytiker"),
        ("ruttoptimering", "automatiserad lagerhantering", "prognoser för godsflöden"),
        "Lager, terminaler och transporter i Mälardalens logistiknav.",
    ),
    Profile(
        "tech", 18, ("J",),
        ("software", "it_infrastructure", "cybersecurity", "data_ai"),
        ("IT", "Software", "Data", "Digital", "Cybersäkerhet"),
        ("mjukvaruutvecklare", "nätverkstekniker", "IT-tekniker", "dataanalytiker"),
        ("maskininlärning för prediktivt underhåll", "säker molnarkitektur",
         "testautomation i CI"),
        "Mjukvara, drift och säkerhet för industrin och det offentliga.",
    ),
    Profile(
        "manufacturing", 20, ("C",),
        ("advanced_manufacturing", "mechanical_engineering", "materials", "automation"),
        ("Mekaniska", "Precision", "Industri", "Verkstad", "Gjuteri", "Plåt"),
        ("CNC-operatör", "svetsare", "produktionstekniker", "konstruktör"),
        ("digital tvilling av en produktionslina", "materialval för lättvikt",
         "kvalitetssäkring med maskinsyn"),
        "Tillverkar komponenter och system med hög precision för verkstadsindustrin.",
    ),
    Profile(
        "automation", 7, ("C",),
        ("automation", "electronics", "software"),
        ("Automation", "Robotik", "Styrteknik"),
        ("automationstekniker", "robotprogrammerare", "PLC-programmerare"),
        ("kollaborativa robotar i montering", "PLC-kod med automatiska tester"),
        "Automatiserar produktion med robotar, styrsystem och maskinsyn.",
    ),
    Profile(
        "rail", 3, ("C",),
        ("rail", "electrification", "mechanical_engineering"),
        ("Rail", "Järnvägsteknik", "Spårteknik"),
        ("eltekniker", "montör", "signaltekniker"),
        ("tillståndsövervakning av boggier", "energiåtervinning vid inbromsning"),
        "Konstruerar och underhåller tåg och järnvägens elsystem.",
    ),
    Profile(
        "construction", 7, ("F",),
        ("construction", "building_services", "environment_circular"),
        ("Bygg", "VVS", "Installation", "Fastighetsteknik"),
        ("träarbetare", "VVS-montör", "arbetsledare", "installationselektriker"),
        ("cirkulära byggmaterial", "energieffektiv renovering"),
        "Bygger, installerar och underhåller hus och anläggningar i regionen.",
    ),
    Profile(
        "mining", 3, ("B", "C"),
        ("mining", "materials", "environment_circular"),
        ("Gruv", "Bergteknik", "Metall"),
        ("bergarbetare", "processoperatör", "underhållstekniker"),
        ("sensorer för bergsäkerhet", "återvinning av processvatten"),
        "Bryter och förädlar malm i Bergslagen med modern, säker teknik.",
    ),
)  # fmt: skip

PLACE_PREFIXES = ("Mälardalens", "Bergslagens", "Närkes", "Västmanlands", "Sörmlands", "Mälar")
COINED_STEMS = ("Volt", "Kraft", "Stål", "Axel", "Nord", "Vind", "Berg", "Ljus", "Gnist", "Flux")
COINED_ENDINGS = ("tek", "tronic", "sys", "gruppen", "verken", "line", "ex")
LEGAL_FORMS = ("AB", "AB", "AB", "AB", "Aktiebolag", "Sverige AB")

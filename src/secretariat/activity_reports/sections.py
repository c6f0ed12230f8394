"""The sections a new report starts with, by the kind of entity writing it.

Headings are content (English and French), copied into each report, where the entity
may rename them; this table only seeds a new report.
"""

from secretariat.regions.models import Entity

COMMON_END = [("Challenges and next steps", "Difficultés et prochaines étapes")]
BY_KIND = {
    Entity.Kind.VICE_CHAIR_OFFICE: [
        ("Representation of the region", "Représentation de la région"),
        ("Regional meetings hosted", "Réunions régionales accueillies"),
        (
            "Coordination of the Regional Strategic Plan",
            "Coordination du Plan stratégique régional",
        ),
    ],
    Entity.Kind.ROCB: [
        ("Capacity-building activities", "Activités de renforcement des capacités"),
        ("Work plan implementation", "Mise en œuvre du plan de travail"),
        ("Partnerships and donors", "Partenariats et donateurs"),
    ],
    Entity.Kind.RILO: [
        ("Intelligence products", "Produits de renseignement"),
        ("Enforcement operations", "Opérations de lutte contre la fraude"),
        ("CEN data quality", "Qualité des données du CEN"),
    ],
    Entity.Kind.RTC: [
        ("Courses held", "Cours dispensés"),
        ("Participants by Member", "Participants par Membre"),
    ],
}
DEFAULT = [("Activities", "Activités")]


def sections_for(kind) -> list[tuple[str, str]]:
    return BY_KIND.get(kind, DEFAULT) + COMMON_END

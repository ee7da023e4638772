"""Names shared by figures and report tables (no heavy imports: the report rule reads them too).
Each name is translated where it is read, into the language of the render then active
(:class:`Labels`; the catalogue extracts the names marked ``N_``)."""

from kzrd.core.i18n import N_, gettext


class Labels(dict):
    """Names by id; reading one gives it in the active language (English outside a render)."""

    def __getitem__(self, key):
        return gettext(super().__getitem__(key))

    def get(self, key, default=None):
        return self[key] if key in self else default  # noqa: SIM401 (self.get is this method)

    def values(self):
        return [self[k] for k in self]

    def items(self):
        return [(k, self[k]) for k in self]


# The finding-2 indicators as figures and tables name them, and the decimals their values are printed with.
TREND_LABELS = Labels(
    {
        "rd_expenditure_pct_grp": N_("R&D expenditure, % of GRP (SDG 9-5-1)"),
        "researchers_per_million": N_("Researchers (FTE) per million inhabitants (SDG 9-5-2)"),
    }
)
TREND_DIGITS = {"rd_expenditure_pct_grp": 2, "researchers_per_million": 0}

# SDG 4.4.1: the ITU/UN skill codes (SKILL_ICT<code>, lower case here) and what each means, and
# the two age groups (the indicator ids are ict_<code>_<age>, e.g. ict_cmfl_youth).
ICT_SKILLS = {
    "cmfl": "copying or moving a file or folder",
    "cpt": "using copy and paste",
    "atch": "sending e-mails with attachments",
    "ssht": "using basic arithmetic formulas in a spreadsheet",
    "cdv": "connecting and installing new devices",
    "sfwr": "finding, downloading, installing and configuring software",
    "pst": "creating electronic presentations",
    "trff": "transferring files between a computer and other devices",
    "prgm": "writing a computer program",
}
ICT_AGES = {"youth": ("Y15T24", "youth aged 15-24"), "adults": ("Y_GE15", "adults aged 15+")}

# Indicators as figures and tables name them: the 2019 index's (resources/index_framework.yaml), then
# the panel's series of the SDG sources 4.a.1, 4.4.1, 4.4.1.1 and 9.2.1.
INDICATOR_LABELS = Labels(
    {
        "rd_intensity": N_("R&D expenditure, % of GRP"),
        "researchers_density": N_("Researchers per 10,000"),
        "rd_enterprises": N_("Enterprises doing R&D, %"),
        "innovation_activity": N_("Innovation-active enterprises, %"),
        "universities_density": N_("Universities per 100,000"),
        "grp_per_capita": N_("GRP per capita"),
        "internet_use": N_("Internet users, %"),
        "schools_internet_pct": N_("Schools with Internet for teaching, % (SDG 4.a.1)"),
        **{
            f"ict_{code}_{age}": f"ICT skill, {skill}: {ICT_AGES[age][1]}, % (SDG 4.4.1)"
            for code, skill in ICT_SKILLS.items()
            for age in ICT_AGES
        },
        "ict_skills_national_pct": N_("National indicator 4.4.1.1, % (not defined in the files)"),
        "manufacturing_va_pct_grp": N_("Manufacturing value added, % of GRP (SDG 9.2.1)"),
        "manufacturing_va_per_capita_usd": N_(
            "Manufacturing value added per inhabitant, USD (SDG 9.2.1)"
        ),
    }
)

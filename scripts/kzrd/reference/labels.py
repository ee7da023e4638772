"""Names shared by figures and report tables (no heavy imports: the report rule reads them too)."""

# The finding-2 indicators as figures and tables name them, and the decimals their values are printed with.
TREND_LABELS = {
    "rd_expenditure_pct_grp": "R&D expenditure, % of GRP (SDG 9-5-1)",
    "researchers_per_million": "Researchers (FTE) per million inhabitants (SDG 9-5-2)",
}
TREND_DIGITS = {"rd_expenditure_pct_grp": 2, "researchers_per_million": 0}

# The 2019 index indicators (resources/index_framework.yaml) as figures and tables name them.
INDICATOR_LABELS = {
    "rd_intensity": "R&D expenditure, % of GRP",
    "researchers_density": "Researchers per 10,000",
    "rd_enterprises": "Enterprises doing R&D, %",
    "innovation_activity": "Innovation-active enterprises, %",
    "universities_density": "Universities per 100,000",
    "grp_per_capita": "GRP per capita",
    "internet_use": "Internet users, %",
}

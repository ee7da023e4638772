"""The 2025 paper: its analyses (Figures 1-2, finding 2, counterparts), the audit and the verdicts."""

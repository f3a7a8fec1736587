"""Kỷ yếu: records in papers/ become a bilingual static proceedings site."""

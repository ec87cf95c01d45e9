"""The Arabic names of the input format's enumerated values: how editors' spreadsheets may write
them (`reportgen import sheet`) and how the Arabic edition names them."""

ATTACK_TYPES = {
    "armed_attack": "هجوم مسلح",
    "assassination": "اغتيال",
    "ied": "عبوة ناسفة",
    "arson": "حرق",
    "grenade": "قنبلة يدوية",
    "suicide": "هجوم انتحاري",
    "other": "أخرى",
}

TARGETS = {
    "military": "عسكري",
    "civilian": "مدني",
    "infrastructure": "بنية تحتية",
    "camp": "مخيم",
}

CASUALTY_CATEGORIES = {
    "military": "عسكريون",
    "civilian": "مدنيون",
    "isis": "عناصر التنظيم",
    "unknown": "غير محدد",
}

POPULATION_GROUPS = {
    "iraqi": "عراقيون",
    "syrian": "سوريون",
    "foreign": "أجانب من بلدان أخرى",
}

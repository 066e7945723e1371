"""The six geographic regions and the provinces in each, by official province code.

This is the starting data only: regions are editable in the admin afterwards.
"""

REGIONS = [
    # code, Thai, English, province codes
    ("north", "ภาคเหนือ", "Northern", "50 51 52 53 54 55 56 57 58"),
    (
        "northeast",
        "ภาคตะวันออกเฉียงเหนือ",
        "Northeastern",
        "30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49",
    ),
    (
        "central",
        "ภาคกลาง",
        "Central",
        "10 11 12 13 14 15 16 17 18 19 26 60 61 62 64 65 66 67 72 73 74 75",
    ),
    ("east", "ภาคตะวันออก", "Eastern", "20 21 22 23 24 25 27"),
    ("west", "ภาคตะวันตก", "Western", "63 70 71 76 77"),
    ("south", "ภาคใต้", "Southern", "80 81 82 83 84 85 86 90 91 92 93 94 95 96"),
]

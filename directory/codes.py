"""NBS statistical division codes: how a code selects the divisions inside it."""

# NBS codes nest in groups: province (2 digits), city (2), county (2), township (3), village (3).
# A code is padded with zeros to its full length: 350400 is Sanming city, 350000 the province.
CODE_GROUP_ENDS = (2, 4, 6, 9, 12)


def code_prefix(code: str) -> str:
    """The leading digits that select a division and everything inside it: ``code`` without its
    zero padding, dropped group by group from the end.

    350400 (a city) gives 3504, so its counties 3504xx and their townships match too; 350429 (a
    county), 350429101 (a township) and 350429101200 (a village) are their own prefix; 350000 (the
    province) gives 35. A partial prefix such as 3504 is kept. This is the one meaning of a
    division filter in the map, the lists, the forms and the open-data API.
    """
    code = code.strip()
    ends = [end for end in CODE_GROUP_ENDS if end < len(code)]
    if len(code) not in CODE_GROUP_ENDS:
        return code
    for start in reversed(ends):
        if code[start:].strip("0"):
            break
        code = code[:start]
    return code

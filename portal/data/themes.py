"""The four main issues of the DELGOSEA programme (source documents 000 and 001)."""

THEMES = [
    {
        "code": "governance",
        "name_th": "ธรรมาภิบาลในองค์กร",
        "name_en": "Good governance in the organisation",
        "description_th": (
            "การบริหารงานเทศบาลอย่างโปร่งใส ตรวจสอบได้ และมีประสิทธิภาพ "
            "เช่น การเพิ่มประสิทธิภาพการให้บริการประชาชน การบริการสาธารณะโดยชุมชนมีส่วนร่วม "
            "และการบูรณาการความร่วมมือในเครือข่ายเมือง"
        ),
        "description_en": (
            "Transparent, accountable and efficient municipal management, such as more "
            "efficient services to citizens, public services delivered with community "
            "participation, and cooperation across a network of cities."
        ),
    },
    {
        "code": "environment",
        "name_th": "การบริการสาธารณะด้านสิ่งแวดล้อม",
        "name_en": "Environmental public services",
        "description_th": (
            "การจัดบริการสาธารณะด้านสิ่งแวดล้อมของเมือง เช่น เมืองคาร์บอนต่ำ "
            "การจัดการน้ำเสียของเมือง และการจัดการขยะมูลฝอย"
        ),
        "description_en": (
            "A city's environmental public services, such as a low-carbon city, city "
            "wastewater management and solid-waste management."
        ),
    },
    {
        "code": "budget",
        "name_th": "การบริหารจัดการงบประมาณและการลงทุน",
        "name_en": "Budget management and investment",
        "description_th": (
            "การบริหารงบประมาณและการลงทุนเพื่อเศรษฐกิจของเมือง เช่น การอนุรักษ์และพัฒนาตลาดเก่า "
            "และการอนุรักษ์สถาปัตยกรรมเมืองเก่าเพื่อการท่องเที่ยว"
        ),
        "description_en": (
            "Managing budgets and investment for the city economy, such as conserving and "
            "developing an old market, or old-town architecture for tourism."
        ),
    },
    {
        "code": "participation",
        "name_th": "การมีส่วนร่วมในการวางแผนและตัดสินใจ",
        "name_en": "Participation in planning and decision-making",
        "description_th": (
            "การเปิดให้ประชาชนและภาคีมีส่วนร่วมในการวางแผนและตัดสินใจ "
            "ซึ่งเป็นประเด็นที่สอดแทรกอยู่ในทุกประเด็นหลัก"
        ),
        "description_en": (
            "Opening planning and decisions to citizens and partners; this runs through "
            "all the other themes."
        ),
    },
]

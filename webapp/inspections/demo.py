"""Demo defect catalogue, customer AQLs and a few inspections."""

from __future__ import annotations

from webapp.extensions import db
from webapp.inspections.models import DefectClass, DefectType

C, MA, MI = DefectClass.CRITICAL, DefectClass.MAJOR, DefectClass.MINOR

CATALOGUE = [
    ("G-NEEDLE", "断针残留", "Broken needle left in garment", "garment", C),
    ("G-SEAM", "爆缝/开线", "Open seam", "garment", MA),
    ("G-SKIP", "跳针", "Skipped stitches", "garment", MA),
    ("G-STAIN", "污渍", "Stain / dirty mark", "garment", MA),
    ("G-SHADE", "色差", "Shade variation", "garment", MA),
    ("G-MEAS", "尺寸超差", "Measurement out of tolerance", "garment", MA),
    ("G-THREAD", "线头未剪", "Untrimmed thread ends", "garment", MI),
    ("G-PRESS", "熨烫不良", "Poor pressing", "garment", MI),
    ("G-LABEL", "唛头错误", "Wrong label / care label", "garment", MA),
    ("F-SHARP", "锐边毛刺", "Sharp edge or splinter", "furniture", C),
    ("F-WOBBLE", "摇晃不稳", "Unstable, wobbles", "furniture", MA),
    ("F-CRACK", "开裂", "Crack in wood", "furniture", MA),
    ("F-FINISH", "漆面不良", "Finish defect (runs, bubbles)", "furniture", MI),
    ("F-SCRATCH", "划痕", "Scratch", "furniture", MI),
    ("F-HW", "五金缺失", "Missing hardware", "furniture", MA),
    ("X-PACK", "包装破损", "Damaged packaging", "", MA),
    ("X-MARK", "箱唛错误", "Wrong carton marking", "", MA),
    ("X-OTHER", "其他", "Other", "", MI),
]


def load() -> None:
    """Add the defect catalogue (called by webapp.demo.load)."""
    for code, name, name_en, product_type, cls in CATALOGUE:
        db.session.add(DefectType(code=code, name=name, name_en=name_en,
                                  product_type=product_type, default_class=cls))  # fmt: skip
    db.session.flush()

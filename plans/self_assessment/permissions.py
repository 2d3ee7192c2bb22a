"""Who may act for the school in its emulation cluster. The rules are the cluster's: they are declared
once in office.clusters.permissions, whose services (submission, cross-scoring, the covenant) check
them when the school's work reaches the office's tables. This part's own services (the draft kept in
the school's schema) and its pages and API ask the same functions, named here for them."""

from office.clusters.permissions import can_self_score, can_sign_covenant

__all__ = [
    "COVENANT_REFUSAL",
    "CROSS_SCORE_REFUSAL",
    "SELF_SCORE_REFUSAL",
    "can_self_score",
    "can_sign_covenant",
]

# can_self_score: the principal, vice principals and council secretary score their own school (draft
# and submission) and, where the office turned it on, the other schools of the cluster.
# can_sign_covenant: the principal alone signs the covenant in the school's name.
SELF_SCORE_REFUSAL = "Chỉ Hiệu trưởng hoặc cán bộ quản lý của trường được tự chấm."
CROSS_SCORE_REFUSAL = "Chỉ Hiệu trưởng hoặc cán bộ quản lý của trường được chấm chéo."
COVENANT_REFUSAL = "Chỉ Hiệu trưởng ký giao ước thi đua thay mặt nhà trường."

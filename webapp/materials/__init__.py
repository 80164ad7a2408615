"""Material purchase follow-up (物料采购跟单): suppliers, POs, steps to the warehouse."""

"""The annual report (年度报告) compiled from an agency's records, its workflow from draft
to publication, imports of reports published before gongkai, and supervisors' roll-ups."""

"""主动公开 (proactive disclosure): the catalogue an agency publishes of its own accord, the
channels it went out on, the Article 20 registers behind table 二, 回应解读, the public
政府信息公开 portal with Chinese full-text search, and bulk import of old catalogues.

The counting core (:mod:`gongkai.proactive.counting`) and the segmenter
(:mod:`gongkai.proactive.segment`) are pure; everything that touches the database sits in
``services``, everything that touches HTTP in ``views``.
"""

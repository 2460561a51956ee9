-- Figures whose place the gazetteer could not name, with the words the text used.
select documents.name as document, figures.location_text, figures.resolve_method, figures.quantity, figures.unit
from figures
join documents using (document_id)
where figures.area_id is null
order by documents.name, figures.span_start

select document_id from documents

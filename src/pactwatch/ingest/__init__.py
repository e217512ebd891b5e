"""Reading documents (files, folders, standard input) into RawDocument values."""

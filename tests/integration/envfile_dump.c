/* Test-only: prints what src/config/envfile.c reads from each file, one JSON line
 * per file ({"values":{KEY:VALUE...},"ignored":[LINE...],"nignored":N}),
 * for tests/integration/dotenv_oracle.js to hold against the real dotenv.
 * Lives under tests/ so the product grows no debug option; the corpus holds
 * fake secrets only. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config/envfile.h"

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		struct envfile ef;
		json_object *doc, *values, *ignored;
		FILE *f;
		char *data = NULL;
		size_t len = 0, n;
		char chunk[65536];

		/* Parsed as text, so that a file past the ignored-line limit
		 * still shows its values; the limit itself is a unit test. */
		if ((f = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 2;
		}
		{
			FILE *m = open_memstream(&data, &len);

			while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
				fwrite(chunk, 1, n, m);
			fclose(m);
		}
		fclose(f);
		envfile_parse(data, len, &ef);
		doc = json_object_new_object();
		values = json_object_new_object();
		ignored = json_object_new_array();
		for (size_t k = 0; k < ef.n; k++)
			json_object_object_add(values, ef.entries[k].key,
			    json_object_new_string(envfile_get(&ef,
			    ef.entries[k].key)));
		for (size_t k = 0; k < ef.nerrors; k++)
			json_object_array_add(ignored,
			    json_object_new_int((int)ef.errors[k].line));
		json_object_object_add(doc, "file", json_object_new_string(argv[i]));
		json_object_object_add(doc, "values", values);
		json_object_object_add(doc, "ignored", ignored);
		json_object_object_add(doc, "nignored",
		    json_object_new_int64((int64_t)ef.nignored));
		puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
		envfile_free(&ef);
		free(data);
	}
	return 0;
}

/*
 * read_iommu_events: a second reader of trace-cmd .dat files, independent of IommuSim's writer and of
 * trace-cmd report's printing. It opens the file with libtracecmd, walks every event in time order and
 * prints one line per event with the values libtraceevent reads from the record:
 *
 *   <event> cpu=<cpu> ts=<ns> pid=<common_pid> comm=<comm> common_flags=<n> common_preempt_count=<n>
 *       <field>=<value> ...
 *
 * (on one line), the event's own fields in format-file order. Numbers are decimal, signed fields sign-extended
 * from their size; strings (__data_loc char[]) are quoted, with \\, \" and bytes outside printable ASCII
 * escaped as \xHH. Any error from the library is reported on stderr and exits nonzero.
 *
 * Built by LibTraceCmdReaderTests with: cc read_iommu_events.c $(pkg-config --cflags --libs libtracecmd)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <trace-cmd.h>
#include <event-parse.h>

struct reader_state {
	unsigned long long events;
	int failed;
};

static void print_string(const unsigned char *text, int len)
{
	putchar('"');
	/* The record keeps the NUL in the string's length; stop at the first one. */
	for (int i = 0; i < len && text[i] != '\0'; i++) {
		unsigned char c = text[i];
		if (c == '\\' || c == '"')
			printf("\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_number(const struct tep_format_field *field, unsigned long long raw)
{
	if ((field->flags & TEP_FIELD_IS_SIGNED) && field->size > 0 && field->size < 8) {
		/* tep_read_number_field gives the bytes zero-extended; widen the sign bit of the field's size. */
		unsigned long long sign = 1ULL << (field->size * 8 - 1);
		long long value = (long long)((raw ^ sign) - sign);
		printf("%lld", value);
	} else if (field->flags & TEP_FIELD_IS_SIGNED) {
		printf("%lld", (long long)raw);
	} else {
		printf("%llu", raw);
	}
}

static int print_field(struct tep_event *event, struct tep_format_field *field, struct tep_record *record)
{
	printf(" %s=", field->name);
	if (field->flags & TEP_FIELD_IS_STRING) {
		int len = 0;
		/* For a __data_loc field this resolves the offset/length word to the string itself. */
		const unsigned char *text = tep_get_field_raw(NULL, event, field->name, record, &len, 0);
		if (!text) {
			fprintf(stderr, "read_iommu_events: %s: cannot read string field %s\n", event->name, field->name);
			return -1;
		}
		print_string(text, len);
		return 0;
	}
	if (field->flags & TEP_FIELD_IS_ARRAY) {
		fprintf(stderr, "read_iommu_events: %s: array field %s is not expected in iommu events\n",
			event->name, field->name);
		return -1;
	}
	unsigned long long raw;
	if (tep_read_number_field(field, record->data, &raw) != 0) {
		fprintf(stderr, "read_iommu_events: %s: cannot read field %s\n", event->name, field->name);
		return -1;
	}
	print_number(field, raw);
	return 0;
}

static int print_event(struct tracecmd_input *handle, struct tep_record *record, int cpu, void *data)
{
	struct reader_state *state = data;
	struct tep_handle *tep = tracecmd_get_tep(handle);
	struct tep_event *event = tep_find_event_by_record(tep, record);
	(void)cpu;
	if (!event) {
		fprintf(stderr, "read_iommu_events: record of type %d at offset %llu has no event format\n",
			tep_data_type(tep, record), record->offset);
		state->failed = 1;
		return -1;
	}

	unsigned long long pid, flags, preempt;
	if (tep_get_common_field_val(NULL, event, "common_pid", record, &pid, 0) != 0 ||
	    tep_get_common_field_val(NULL, event, "common_flags", record, &flags, 0) != 0 ||
	    tep_get_common_field_val(NULL, event, "common_preempt_count", record, &preempt, 0) != 0) {
		fprintf(stderr, "read_iommu_events: %s: cannot read the common fields\n", event->name);
		state->failed = 1;
		return -1;
	}
	/* common_pid is an int: report it signed, as the kernel stores it. */
	int spid = (int)(unsigned int)pid;
	printf("%s cpu=%d ts=%llu pid=%d comm=%s common_flags=%llu common_preempt_count=%llu", event->name,
	       record->cpu, record->ts, spid, tep_data_comm_from_pid(tep, spid), flags, preempt);

	struct tep_format_field **fields = tep_event_fields(event);
	if (!fields) {
		fprintf(stderr, "read_iommu_events: %s: cannot list its fields\n", event->name);
		state->failed = 1;
		return -1;
	}
	int status = 0;
	for (int i = 0; fields[i] && status == 0; i++)
		status = print_field(event, fields[i], record);
	free(fields);
	putchar('\n');
	if (status != 0) {
		state->failed = 1;
		return -1;
	}
	state->events++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s trace.dat\n", argv[0]);
		return 2;
	}
	struct tracecmd_input *handle = tracecmd_open(argv[1], TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!handle) {
		fprintf(stderr, "read_iommu_events: tracecmd_open(%s) failed\n", argv[1]);
		return 1;
	}
	struct reader_state state = { 0, 0 };
	int ret = tracecmd_iterate_events(handle, NULL, 0, print_event, &state);
	tracecmd_close(handle);
	if (ret != 0 || state.failed) {
		fprintf(stderr, "read_iommu_events: tracecmd_iterate_events failed (%d) after %llu events\n", ret,
			state.events);
		return 1;
	}
	if (fflush(stdout) != 0) {
		perror("read_iommu_events: stdout");
		return 1;
	}
	return 0;
}

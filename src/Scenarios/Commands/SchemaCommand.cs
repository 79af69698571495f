using System.CommandLine;
using IommuSim.Scenarios.Schema;

namespace IommuSim.Scenarios.Commands;

/// <summary><c>iommusim schema</c>: the JSON Schema of scenario files (or, hidden, the Markdown key reference).</summary>
internal static class SchemaCommand
{
    public static Command Build()
    {
        var markdown = new Option<bool>("--markdown")
        {
            Description = "Print the key reference (docs/scenarios.md) instead of the JSON Schema.",
            Hidden = true,
        };
        var parameters = new Option<bool>("--parameters")
        {
            Description = "Print the table of defaults and their sources (the generated part of docs/parameters.md).",
            Hidden = true,
        };
        var command = new Command("schema",
            "Print the JSON Schema (draft 2020-12) of scenario files, for editor completion and checks.\n" +
            "Example: iommusim schema > iommusim.schema.json")
        {
            markdown,
            parameters,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(parameters)) output.Write(ParameterTableWriter.Generate());
            else output.Write(parse.GetValue(markdown) ? KeyReferenceWriter.Generate() : JsonSchemaWriter.Generate());
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Language.Validation;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl validate FILE... [--type] [--severity] [--max-results] [--format json|text|sarif]</c>: ValidateStateMachineDefinition
/// for files. Exit 0 when every file is OK, 1 when any fails, 2 on usage errors.
/// </summary>
internal static class ValidateCommand
{
    private static readonly Dictionary<string, string> Ids = BuildIds();

    public static Command Create()
    {
        // Values are checked here rather than by the parser so every usage error exits with 2, as documented.
        var files = new Argument<string[]>("files") { Description = "State machine definitions (.asl.json), or - for standard input.", Arity = ArgumentArity.ZeroOrMore };
        var type = new Option<string>("--type") { Description = "STANDARD (default) or EXPRESS.", DefaultValueFactory = _ => "STANDARD" };
        var severity = new Option<string>("--severity") { Description = "ERROR (default): errors only; WARNING: errors and warnings.", DefaultValueFactory = _ => "ERROR" };
        var maxResults = new Option<string>("--max-results") { Description = "At most this many diagnostics per file, 0 to 100 (0 means 100).", DefaultValueFactory = _ => "0" };
        var format = new Option<string>("--format") { Description = "json (the API response), text (like the compiler) or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => "json" };
        var substitutions = new Option<string[]>(SubstitutionsArgument.Name) { Description = SubstitutionsArgument.Description, HelpName = "LIST" };
        var command = new Command("validate", "Validate state machine definitions as AWS ValidateStateMachineDefinition does.")
        {
            files, type, severity, maxResults, format, substitutions,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            var usage = new List<string>();
            foreach (var token in result.UnmatchedTokens)
            {
                usage.Add("unknown option or argument '" + token + "'");
            }

            var paths = result.GetValue(files) ?? Array.Empty<string>();

            // The files argument takes any token; one that looks like an option and names no file is an unknown option.
            foreach (var path in paths)
            {
                if (path.Length > 1 && path[0] == '-' && !File.Exists(path))
                {
                    usage.Add("unknown option or argument '" + path + "'");
                }
            }

            if (paths.Length == 0)
            {
                usage.Add("at least one FILE is required");
            }

            var typeValue = result.GetValue(type);
            if (typeValue is not ("STANDARD" or "EXPRESS"))
            {
                usage.Add("--type must be STANDARD or EXPRESS");
            }

            var severityValue = result.GetValue(severity);
            if (severityValue is not ("ERROR" or "WARNING"))
            {
                usage.Add("--severity must be ERROR or WARNING");
            }

            if (!int.TryParse(result.GetValue(maxResults), NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max > ValidationOptions.MaxResultsLimit)
            {
                usage.Add("--max-results must be an integer from 0 to 100");
            }

            var formatValue = result.GetValue(format);
            if (formatValue is not ("json" or "text" or "sarif"))
            {
                usage.Add("--format must be json, text or sarif");
            }

            if (!SubstitutionsArgument.TryRead(result.GetValue(substitutions), out var values, out var listProblem))
            {
                usage.Add(SubstitutionsArgument.Name + ": " + listProblem);
            }

            if (usage.Count > 0)
            {
                foreach (var line in usage)
                {
                    error.WriteLine("asl validate: " + line);
                }

                // As every command's usage error ends (a docs trial found this one without it).
                error.WriteLine("Run 'asl validate --help' for usage.");
                return AslCommandLine.UsageError;
            }

            var options = new ValidationOptions
            {
                Type = typeValue == "EXPRESS" ? StateMachineType.Express : StateMachineType.Standard,
                Severity = severityValue == "WARNING" ? AslDiagnosticSeverity.Warning : AslDiagnosticSeverity.Error,
                MaxResults = max,

                // Compiler-style output lists what the build lists: one misspelt Next, not also every state after it.
                LeaveOutFollowOnErrors = formatValue is "text" or "sarif",
            };
            return Execute(paths, options, formatValue!, values, result.InvocationConfiguration.Output, error);
        });
        return command;
    }

    /// <summary>The API's length constraint on <c>definition</c> (characters).</summary>
    private const int MaxDefinitionLength = 1_048_576;

    private static int Execute(string[] paths, ValidationOptions options, string format, DefinitionSubstitutions? substitutions, TextWriter output, TextWriter error)
    {
        var results = new List<(string Path, ValidationResult Result, SubstitutedDefinition? Substituted)>();
        var failed = false;
        foreach (var path in paths)
        {
            var bytes = InputFile.TryRead(path, error);
            if (bytes is null)
            {
                return AslCommandLine.UsageError;
            }

            // The definition CloudFormation would deploy, when placeholder values are given; its diagnostics are placed in
            // the file as written.
            // Text that is not UTF-8 is read as bytes below, which names the first byte that breaks it.
            var substituted = substitutions is not null && System.Text.Unicode.Utf8.IsValid(bytes)
                ? substitutions.Apply(Encoding.UTF8.GetString(bytes))
                : null;

            // The API refuses the request itself (a ValidationException, not a FAIL result) past its length constraint.
            var length = substituted?.Text.Length ?? Encoding.UTF8.GetCharCount(bytes);
            if (length > MaxDefinitionLength)
            {
                error.WriteLine("asl validate: " + (path == "-" ? "standard input" : path) + ": the definition is " +
                    length.ToString("N0", CultureInfo.InvariantCulture) + " characters long; ValidateStateMachineDefinition takes at most " +
                    MaxDefinitionLength.ToString("N0", CultureInfo.InvariantCulture) + ".");
                return AslCommandLine.UsageError;
            }

            var result = AslValidator.Validate(substituted is null ? JsonSyntaxReader.Parse(bytes) : JsonSyntaxReader.Parse(substituted.Text), options);
            failed |= result.Result == ValidationResultCode.Fail;
            results.Add((path, result, substituted));
        }

        switch (format)
        {
            case "text":
                WriteText(results, output);
                break;
            case "sarif":
                WriteSarif(results, output);
                break;
            default:
                WriteJson(results, output);
                break;
        }

        return failed ? AslCommandLine.Failure : AslCommandLine.Success;
    }

    /// <summary>
    /// Indented, and with only what JSON requires escaped: a message's quotes and <c>&lt;</c> read as written (the default
    /// encoder wrote <c>'</c> as <c>\u0027</c>, which the AWS CLI does not), and non-ASCII text as UTF-8.
    /// </summary>
    private static readonly JsonWriterOptions ReadableJson = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The API response shape: one object per file (a JSON array of them for several files).</summary>
    private static void WriteJson(List<(string Path, ValidationResult Result, SubstitutedDefinition? Substituted)> results, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ReadableJson))
        {
            if (results.Count > 1)
            {
                writer.WriteStartArray();
            }

            foreach (var (_, result, _) in results)
            {
                writer.WriteStartObject();
                writer.WriteString("result", ValidationResult.ToAwsString(result.Result));
                writer.WriteStartArray("diagnostics");
                foreach (var diagnostic in result.Diagnostics)
                {
                    writer.WriteStartObject();
                    writer.WriteString("severity", ValidationResult.ToAwsString(diagnostic.Severity));
                    writer.WriteString("code", diagnostic.Code);
                    writer.WriteString("message", diagnostic.Message);
                    if (diagnostic.Location is not null)
                    {
                        writer.WriteString("location", diagnostic.Location);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteBoolean("truncated", result.Truncated);
                writer.WriteEndObject();
            }

            if (results.Count > 1)
            {
                writer.WriteEndArray();
            }
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteText(List<(string Path, ValidationResult Result, SubstitutedDefinition? Substituted)> results, TextWriter output)
    {
        foreach (var (path, result, substituted) in results)
        {
            foreach (var d in result.Diagnostics)
            {
                output.WriteLine(ParseCommand.Format(path, substituted?.ToOriginal(d.Span) ?? d.Span, d.Severity == AslDiagnosticSeverity.Error ? "error" : "warning", IdOf(d.Code), d.MessageWithDetail));
            }
        }
    }

    /// <summary>SARIF 2.1.0: one run, a rule per ASL id used, a result per diagnostic with its region (1-based).</summary>
    private static void WriteSarif(List<(string Path, ValidationResult Result, SubstitutedDefinition? Substituted)> results, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ReadableJson))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", "asl");
            writer.WriteString("informationUri", "https://github.com/aslcompiler/aslcompiler");
            writer.WriteStartArray("rules");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, result, _) in results)
            {
                foreach (var d in result.Diagnostics)
                {
                    var id = IdOf(d.Code);
                    if (!seen.Add(id))
                    {
                        continue;
                    }

                    writer.WriteStartObject();
                    writer.WriteString("id", id);
                    writer.WriteString("name", d.Code);
                    writer.WriteString("helpUri", "https://github.com/aslcompiler/aslcompiler/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant());
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("results");
            foreach (var (path, result, substituted) in results)
            {
                foreach (var d in result.Diagnostics)
                {
                    var span = substituted?.ToOriginal(d.Span) ?? d.Span;
                    writer.WriteStartObject();
                    writer.WriteString("ruleId", IdOf(d.Code));
                    writer.WriteString("level", d.Severity == AslDiagnosticSeverity.Error ? "error" : "warning");
                    writer.WriteStartObject("message");
                    writer.WriteString("text", d.MessageWithDetail);
                    writer.WriteEndObject();
                    writer.WriteStartArray("locations");
                    writer.WriteStartObject();
                    writer.WriteStartObject("physicalLocation");
                    writer.WriteStartObject("artifactLocation");
                    writer.WriteString("uri", SarifUri(path));
                    writer.WriteEndObject();
                    writer.WriteStartObject("region");
                    writer.WriteNumber("startLine", span.StartLine + 1);
                    writer.WriteNumber("startColumn", span.StartColumn + 1);
                    writer.WriteNumber("endLine", span.EndLine + 1);
                    writer.WriteNumber("endColumn", span.EndColumn + 1);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    if (d.Location is not null)
                    {
                        writer.WriteStartArray("logicalLocations");
                        writer.WriteStartObject();
                        writer.WriteString("fullyQualifiedName", d.Location);
                        writer.WriteEndObject();
                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>
    /// A file path as SARIF's <c>artifactLocation.uri</c> (a URI reference): '/' between segments, each segment
    /// percent-encoded where a URI needs it (a space, '#', '%', '?', non-ASCII), a Windows drive letter kept as written.
    /// A plain path (letters, digits, '-', '_', '.') is unchanged.
    /// </summary>
    private static string SarifUri(string path)
    {
        var segments = path.Replace('\\', '/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var drive = i == 0 && segments[i].Length == 2 && char.IsAsciiLetter(segments[i][0]) && segments[i][1] == ':';
            if (!drive)
            {
                segments[i] = Uri.EscapeDataString(segments[i]);
            }
        }

        return string.Join('/', segments);
    }

    internal static string IdOf(string code) => Ids.TryGetValue(code, out var id) ? id : "ASL0003";

    /// <summary>The analyzer's ids (src/AslCompiler.Generator/DiagnosticDescriptors.cs), so the CLI and the build agree.</summary>
    private static Dictionary<string, string> BuildIds() => new(StringComparer.Ordinal)
    {
        [AslDiagnosticCodes.InvalidJsonDescription] = "ASL0001",
        [AslDiagnosticCodes.MissingDescription] = "ASL0002",
        [AslDiagnosticCodes.SchemaValidationFailed] = "ASL0003",
        [AslDiagnosticCodes.InvalidResource] = "ASL0004",
        [AslDiagnosticCodes.MissingEndState] = "ASL0005",
        [AslDiagnosticCodes.DuplicateStateName] = "ASL0006",
        [AslDiagnosticCodes.InvalidStateName] = "ASL0007",
        [AslDiagnosticCodes.DuplicateLabelName] = "ASL0008",
        [AslDiagnosticCodes.InvalidLabelName] = "ASL0009",
        [AslDiagnosticCodes.MissingTransitionTarget] = "ASL0010",
        [AslDiagnosticCodes.TooDeeplyNested] = "ASL0011",
        [AslDiagnosticCodes.NoDollar] = "ASL0012",
        [AslDiagnosticCodes.NoPath] = "ASL0013",
        [AslDiagnosticCodes.PassResultIsStatic] = "ASL0014",
        [AslDiagnosticCodes.UnassignedVariable] = "ASL0015",
        [AslDiagnosticCodes.UnknownFunction] = "ASL0016",
    };
}

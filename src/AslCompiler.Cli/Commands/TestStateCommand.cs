using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl test-state [DEFINITION | --definition FILE] [--request JSON|@file|FILE] [--state-name NAME] [--input JSON|@file] [--inspection-level
/// INFO|DEBUG|TRACE] [--reveal-secrets] [--variables JSON|@file] [--context JSON|@file] [--mock JSON|@file]
/// [--state-configuration JSON|@file] [--role-arn ARN] [--account-id ID] [--region REGION]</c>: runs the TestState action in-process and prints its response
/// JSON as the API returns it (AWS member names, absent members omitted). Exit 0 when the status is SUCCEEDED,
/// CAUGHT_ERROR or RETRIABLE, 1 when FAILED or when the service refuses the request, 2 on a usage error.
/// </summary>
internal static class TestStateCommand
{
    /// <summary>
    /// How deeply a request may nest: an option value as deeply as the runtime reads JSON (1,000 levels), a few levels
    /// into the request. The serializer's default, 64, made an unknown member nested deeper than that a crash.
    /// </summary>
    private const int MaxRequestDepth = AslCompiler.Runtime.Json.JsonValue.DefaultMaxDepth + 16;

    private static readonly JsonSerializerOptions Json = new()
    {
        MaxDepth = MaxRequestDepth,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,

        // AWS writes JSON text members with plain \" escapes; the default encoder would write \u0022.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>TestState's length constraint on <c>input</c> and <c>variables</c> (characters).</summary>
    private const int MaxPayloadLength = 262144;

    /// <summary>Request members the API takes as JSON text; the CLI also accepts them as JSON values and writes them out.</summary>
    private static readonly string[] TextMembers = ["definition", "input", "variables", "context"];

    public static Command Create()
    {
        var definition = new Argument<string?>("definition")
        {
            Description = "The state (or whole machine, with --state-name) definition: a file, @file, or - for standard input. Optional with --request.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var request = new Option<string>("--request") { Description = "A whole TestState request as JSON, @file or a file path (definition, input, inspectionLevel, mock, ...); the other options override its members." };
        var definitionOption = new Option<string>("--definition") { Description = "The definition file (the same as the DEFINITION argument)." };
        var stateName = new Option<string>("--state-name") { Description = "The state to test when the definition is a whole state machine." };
        var input = new Option<string>("--input") { Description = "The state input as JSON, or @file (default {})." };
        var level = new Option<string>("--inspection-level") { Description = "INFO (default), DEBUG or TRACE." };
        var revealSecrets = new Option<bool>("--reveal-secrets") { Description = "Include secrets in the TRACE data of HTTP tasks." };
        var variables = new Option<string>("--variables") { Description = "Variables as a JSON object of name to value, or @file." };
        var context = new Option<string>("--context") { Description = "The context object ($$, $states.context) as JSON, or @file." };
        var mock = new Option<string>("--mock") { Description = "A mock as JSON, or @file: {\"result\": ...} or {\"errorOutput\": {\"error\",\"cause\"}}, with \"fieldValidationMode\" STRICT, PRESENT or NONE." };
        var configuration = new Option<string>("--state-configuration") { Description = "Conditions as JSON, or @file: retrierRetryCount, errorCausedByState, mapIterationFailureCount, mapItemReaderData." };
        var roleArn = new Option<string>("--role-arn") { Description = "The execution role ARN the context object shows." };
        var accountId = new Option<string>(ArnPlaceArguments.AccountIdName) { Description = "The account in the ARNs of the made-up context object (default 123456789012)." };
        var connections = new Option<string>(HttpConnectionsArgument.Name) { Description = HttpConnectionsArgument.Description };
        var region = new Option<string>(ArnPlaceArguments.RegionName) { Description = "The region in the ARNs of the made-up context object (default us-east-1)." };
        var substitutions = new Option<string[]>(SubstitutionsArgument.Name) { Description = SubstitutionsArgument.Description, HelpName = "LIST" };
        var command = new Command("test-state", "Test one state (the TestState API) and print the TestState response JSON.")
        {
            definition, definitionOption, request, stateName, input, level, revealSecrets, variables, context, mock, configuration, roleArn, accountId, region, connections, substitutions,
        };
        var endpoints = new ServiceEndpoints.Options();
        endpoints.AddTo(command);
        command.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            var body = new JsonObject();
            if (result.GetValue(request) is { } requestText)
            {
                // Inline JSON or @file, as every JSON option; a bare value that is not JSON is a file path.
                var trimmed = requestText.TrimStart();
                if (trimmed.Length > 0 && trimmed[0] is not ('{' or '[' or '@' or '"') && requestText != "-"
                    && (File.Exists(requestText) || Directory.Exists(requestText) || !JsonArgument.TryParse(requestText, out _, out _)))
                {
                    requestText = "@" + requestText;
                }

                if (!TryReadJson("--request", requestText, error, out var node))
                {
                    return AslCommandLine.UsageError;
                }

                if (node is not JsonObject requestObject)
                {
                    error.WriteLine("asl test-state: --request must be a JSON object (a TestState request).");
                    return AslCommandLine.UsageError;
                }

                body = requestObject;
            }

            var definitionPath = result.GetValue(definition);
            if (result.GetValue(definitionOption) is { } optionPath)
            {
                if (definitionPath is not null)
                {
                    error.WriteLine("asl test-state: give the definition once, as the argument or as --definition.");
                    return AslCommandLine.UsageError;
                }

                definitionPath = optionPath;
            }

            if (definitionPath is "@")
            {
                error.WriteLine("asl test-state: '@' must be followed by a file name (@state.json).");
                return AslCommandLine.UsageError;
            }

            if (definitionPath is not null)
            {
                if (InputFile.TryReadText(definitionPath.StartsWith('@') ? definitionPath[1..] : definitionPath, error) is not { } definition)
                {
                    return AslCommandLine.UsageError;
                }

                body["definition"] = definition;
            }

            if (body["definition"] is null)
            {
                error.WriteLine("asl test-state: give the definition (a file, @file or -) or a --request that holds one.");
                return AslCommandLine.UsageError;
            }

            // The state as CloudFormation would deploy it (a SAM or CDK definition's ${Name} placeholders filled).
            if (!SubstitutionsArgument.TryRead(result.GetValue(substitutions), out var values, out var listProblem))
            {
                error.WriteLine("asl test-state: " + SubstitutionsArgument.Name + ": " + listProblem);
                return AslCommandLine.UsageError;
            }

            if (values is not null && body["definition"] is JsonValue written && written.TryGetValue<string>(out var definitionText))
            {
                body["definition"] = values.Apply(definitionText).Text;
            }

            foreach (var (option, member, text) in new (string, string, string?)[]
            {
                ("--input", "input", result.GetValue(input)),
                ("--variables", "variables", result.GetValue(variables)),
                ("--context", "context", result.GetValue(context)),
                ("--mock", "mock", result.GetValue(mock)),
                ("--state-configuration", "stateConfiguration", result.GetValue(configuration)),
            })
            {
                if (text is null)
                {
                    continue;
                }

                if (member is "input" or "variables")
                {
                    // The API refuses either past its length constraint; measured as given, before it is parsed, and not
                    // held when longer (parsing 128 MB took gigabytes).
                    if (JsonArgument.TryReadText(option, text, MaxPayloadLength, error) is not { } bounded)
                    {
                        return AslCommandLine.UsageError;
                    }

                    if (bounded.Text is null)
                    {
                        error.WriteLine("asl test-state: ValidationException: " + ServiceErrorText.TooLong(bounded, member, MaxPayloadLength));
                        return AslCommandLine.Failure;
                    }

                    if (!JsonArgument.TryParse(option, bounded.Text, error, out var payload))
                    {
                        return AslCommandLine.UsageError;
                    }

                    body[member] = payload.ToJsonString();
                    continue;
                }

                if (TextMembers.Contains(member))
                {
                    // The API takes these as JSON text: the option's value as its text, so a JSON string ("abc") stays a
                    // JSON string and any text the runtime reads (a lone surrogate escape too) goes through as it is.
                    if (!JsonArgument.TryRead(option, text, error, out var parsed))
                    {
                        return AslCommandLine.UsageError;
                    }

                    body[member] = parsed.ToJsonString();
                    continue;
                }

                if (!TryReadJson(option, text, error, out var value))
                {
                    return AslCommandLine.UsageError;
                }

                body[member] = value;
            }

            if (result.GetValue(stateName) is { } name)
            {
                body["stateName"] = name;
            }

            if (result.GetValue(roleArn) is { } role)
            {
                body["roleArn"] = role;
            }

            if (result.GetValue(level) is { } levelText)
            {
                var upper = levelText.ToUpperInvariant();
                if (upper is not ("INFO" or "DEBUG" or "TRACE"))
                {
                    error.WriteLine($"asl test-state: --inspection-level must be INFO, DEBUG or TRACE, not '{levelText}'.");
                    return AslCommandLine.UsageError;
                }

                body["inspectionLevel"] = upper;
            }

            if (result.GetValue(revealSecrets))
            {
                body["revealSecrets"] = true;
            }

            if (!HttpConnectionsArgument.TryRead(result.GetValue(connections), error, out var httpConnections))
            {
                return AslCommandLine.UsageError;
            }

            // Both go into the made-up context object's ARNs ($$.Execution.Id ...).
            if (!ArnPlaceArguments.TryRead("asl test-state", result.GetValue(accountId), result.GetValue(region), error, out var account, out var regionName))
            {
                return AslCommandLine.UsageError;
            }

            // An unmocked task calls its service, as on AWS: here the endpoint given for it.
            var handlers = new AslCompiler.Runtime.Tasks.TaskHandlerRegistry();
            if (!endpoints.Read(result).TryRegister(handlers, new Dictionary<string, AslCompiler.Server.Lambda.ILambdaFunction>(), regionName, error, "asl test-state"))
            {
                return AslCommandLine.UsageError;
            }

            var options = new StepFunctionsOptions
            {
                AccountId = account,
                Region = regionName,
                Execution = new AslCompiler.Runtime.Execution.ExecutionOptions { HttpConnections = httpConnections, TaskHandlers = handlers },
            };
            return Execute(body, options, result.InvocationConfiguration.Output, error);
        });
        return command;
    }

    /// <summary>Runs a TestState request given as JSON (members as the API names them) and prints the response.</summary>
    internal static int Execute(JsonObject body, StepFunctionsOptions options, TextWriter output, TextWriter error)
    {
        if (!TryCreateRequest(body, error, out var request))
        {
            return AslCommandLine.UsageError;
        }

        TestStateResponse response;
        LocalStepFunctions stepFunctions;
        try
        {
            stepFunctions = new LocalStepFunctions(options);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"asl test-state: --account-id or --region cannot be used: {e.Message}");
            return AslCommandLine.UsageError;
        }

        try
        {
            response = stepFunctions.TestStateAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (StepFunctionsException e)
        {
            error.WriteLine($"asl test-state: {e.ErrorCode}: {ServiceErrorText.Shorten(e.Message)}");
            if (e is InvalidDefinitionException && request.StateName is null && IsStateMachine(request.Definition))
            {
                // Without a state name the API reads the definition as one state, and names it StateName in its message
                // (at /States/StateName/Type), a path that is nowhere in the user's file.
                error.WriteLine("asl test-state: the definition is a whole state machine (it has StartAt or States at the top level), read as one state without --state-name: pass --state-name NAME to test one of its states.");
            }

            return AslCommandLine.Failure;
        }

        output.WriteLine(JsonSerializer.Serialize(response, Json));
        return response.Status == TestExecutionStatus.Failed ? AslCommandLine.Failure : AslCommandLine.Success;
    }

    /// <summary>Whether <paramref name="definition"/> is a JSON object with <c>StartAt</c> or <c>States</c> at its top level.</summary>
    private static bool IsStateMachine(string? definition)
    {
        try
        {
            using var document = JsonDocument.Parse(definition ?? string.Empty, new JsonDocumentOptions { MaxDepth = MaxRequestDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("StartAt", out _) || document.RootElement.TryGetProperty("States", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Builds the typed request. Members the API takes as JSON text (definition, input, variables, context,
    /// mock.result, stateConfiguration.mapItemReaderData) may be given as JSON values: they are written out as text.
    /// </summary>
    private static bool TryCreateRequest(JsonObject body, TextWriter error, out TestStateRequest request)
    {
        request = null!;
        foreach (var member in TextMembers)
        {
            Stringify(body, member);
        }

        if (body["mock"] is JsonObject mock)
        {
            Stringify(mock, "result");
        }

        if (body["stateConfiguration"] is JsonObject configuration)
        {
            Stringify(configuration, "mapItemReaderData");
        }

        try
        {
            request = body.Deserialize<TestStateRequest>(Json)!;
            return true;
        }
        catch (JsonException e)
        {
            // The serializer's message names .NET types (System.Nullable`1[System.Boolean]) and byte positions.
            var where = e.Path is null or "$" ? string.Empty : " at " + e.Path;
            error.WriteLine($"asl test-state: the request is not a valid TestState request{where}: {WrongType(body, e.Path) ?? "a member has a value of the wrong type"}.");
            return false;
        }
    }

    /// <summary>What the member at <paramref name="path"/> (<c>$.mock.errorOutput.error</c>) takes and what it was given, or null.</summary>
    private static string? WrongType(JsonObject body, string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        var type = typeof(TestStateRequest);
        JsonNode? node = body;
        foreach (var name in path[2..].Split('.'))
        {
            var property = type.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == name);
            if (property is null || node is not JsonObject owner)
            {
                return null;
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            node = owner[name];
        }

        return "expected " + Expected(type) + ", not " + Given(node);
    }

    private static string Expected(Type type)
    {
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int))
        {
            return "an integer from 0 to 2147483647";
        }

        if (type.IsEnum)
        {
            var names = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
                .ToArray();
            return string.Join(", ", names[..^1]) + " or " + names[^1];
        }

        return "an object";
    }

    private static string Given(JsonNode? node)
    {
        switch (node?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                return "null";
            case JsonValueKind.String:
                var text = node.GetValue<string>();
                return "the string " + JsonSerializer.Serialize(text.Length > 40 ? text[..40] + "..." : text, Json);
            case JsonValueKind.Number:
                var number = node.ToJsonString();
                return "the number " + (number.Length > 40 ? number[..40] + "..." : number);
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Array:
                return "an array";
            default:
                return "an object";
        }
    }

    private static void Stringify(JsonObject owner, string member)
    {
        if (owner[member] is JsonNode node && node.GetValueKind() != JsonValueKind.String && node.GetValueKind() != JsonValueKind.Null)
        {
            owner[member] = node.ToJsonString();
        }
    }

    private static bool TryReadJson(string option, string text, TextWriter error, out JsonNode? node)
    {
        node = null;
        if (!JsonArgument.TryRead(option, text, error, out var value))
        {
            return false;
        }

        try
        {
            node = JsonNode.Parse(value.ToJsonString(), documentOptions: new JsonDocumentOptions { MaxDepth = MaxRequestDepth });
            _ = node?.ToJsonString(); // System.Text.Json reads a string's text only when it is used: a lone surrogate fails here
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error.WriteLine($"asl: {option} cannot be used: {e.Message}");
            return false;
        }
    }
}

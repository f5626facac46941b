using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>The rules of each state type: required, allowed and exclusive fields, types and ranges.</summary>
internal sealed partial class DefinitionValidator
{
    private const long MaxSeconds = 99999999;
    private const string StateTypeList = "[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]";

    /// <summary>Fields only JSONPath states may have (AWS's state pages mark each "JSONPath only"; a JSONata Pass state gives its result with Output).</summary>
    private static readonly HashSet<string> JsonPathOnlyFields = new(StringComparer.Ordinal)
    {
        "InputPath", "OutputPath", "Parameters", "Result", "ResultSelector", "ResultPath", "ItemsPath",
        "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
        "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
    };

    /// <summary>Fields only JSONata states may have.</summary>
    private static readonly HashSet<string> JsonataOnlyFields = new(StringComparer.Ordinal) { "Arguments", "Output", "Items" };

    // ASCII digits only (.NET's \d takes any Unicode digit, which the runtime's timestamp reader does not), and \z
    // rather than $, which would let a trailing line break through.
    private static readonly Regex Rfc3339 = new(
        @"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])\z",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// Whether a Wait's literal <c>Timestamp</c> is an RFC 3339 date-time: its form (<see cref="Rfc3339"/>), and a day
    /// that its month has (RFC 3339 §5.7: no February 30, no February 29 outside a leap year), as the run's reader
    /// requires (a user trial found <c>2024-02-30T00:00:00Z</c> valid here and a <c>States.Runtime</c> failure in a run).
    /// </summary>
    private static bool IsRfc3339Timestamp(string text)
    {
        if (!Rfc3339.IsMatch(text))
        {
            return false;
        }

        // The form has ASCII digits at these places (the generator's copy of this code has no span parsing).
        var year = ((text[0] - '0') * 1000) + ((text[1] - '0') * 100) + ((text[2] - '0') * 10) + (text[3] - '0');
        var month = ((text[5] - '0') * 10) + (text[6] - '0');
        var day = ((text[8] - '0') * 10) + (text[9] - '0');
        // As the run's reader counts them: year 0000 (proleptic Gregorian, which .NET lacks) is a leap year like 2000.
        return day <= DateTime.DaysInMonth(year == 0 ? 2000 : year, month);
    }

    private static readonly Regex Arn = new(@"^arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+\z", RegexOptions.CultureInvariant);

    private void ValidateState(StateGraph graph, State state, int depth)
    {
        // The variables a state's fields read are the state's own, not those of a Parallel or Map around it.
        var outer = _stateName;
        _stateName = state.Name;
        try
        {
            ValidateStateFields(graph, state, depth);
        }
        finally
        {
            _stateName = outer;
        }
    }

    private void ValidateStateFields(StateGraph graph, State state, int depth)
    {
        var syntax = state.Syntax;
        if (state is UnknownState)
        {
            if (!syntax.TryGetProperty("Type", out var typeProperty))
            {
                SchemaOn(syntax, "These fields are required: [Type]");
            }
            else
            {
                Schema(typeProperty, "The field 'Type' should have one of these values: " + StateTypeList);
            }

            return;
        }

        ReportUnknownFields(state);
        ExpectString(syntax, "Comment");
        ValidateQueryLanguage(state);
        var jsonata = IsJsonata(state);
        foreach (var property in syntax.Properties)
        {
            if (!state.IsKnownField(property.Name))
            {
                continue;
            }

            if (jsonata && JsonPathOnlyFields.Contains(property.Name))
            {
                Error(
                    AslDiagnosticCodes.SchemaValidationFailed,
                    string.Format(CultureInfo.InvariantCulture, "Field '{0}' is not supported when QueryLanguage is JSONata", property.Name),
                    syntax,
                    property.NameSpan);
            }
            else if (!jsonata && JsonataOnlyFields.Contains(property.Name))
            {
                Error(
                    AslDiagnosticCodes.SchemaValidationFailed,
                    string.Format(CultureInfo.InvariantCulture, "Field '{0}' is supported only when QueryLanguage is JSONata", property.Name),
                    syntax,
                    property.NameSpan);
            }
        }

        if (state.IsKnownField("Next"))
        {
            ValidateNextEnd(state);
        }

        ValidateInputOutput(state, jsonata);
        switch (state)
        {
            case PassState pass:
                ValidatePass(pass, jsonata);
                break;
            case TaskState task:
                ValidateTask(task, jsonata);
                break;
            case ChoiceState choice:
                ValidateChoice(choice, jsonata);
                break;
            case WaitState wait:
                ValidateWait(wait, jsonata);
                break;
            case FailState fail:
                ValidateFail(fail, jsonata);
                break;
            case ParallelState parallel:
                ValidateParallel(parallel, depth);
                break;
            case MapState map:
                ValidateMap(map, jsonata, depth);
                break;
        }

        if (state.IsKnownField("Retry"))
        {
            ValidateRetry(state);
            ValidateCatch(state, jsonata);
        }

    }

    private void ValidateQueryLanguage(State state)
    {
        ExpectEnum(state.Syntax, "QueryLanguage", "JSONPath", "JSONata");
        if (TopLevelIsJsonata && state.QueryLanguage == QueryLanguage.JsonPath)
        {
            var property = state.GetField("QueryLanguage")!;
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                state.Syntax,
                property.Span);
        }
    }

    /// <summary>Whether a state has an <c>End</c> field that is not a boolean (its type error stands for the other problems it causes).</summary>
    private static bool HasMistypedEnd(JsonObjectSyntax syntax) =>
        syntax.TryGetProperty("End", out var end) && end.Value is not JsonBooleanSyntax;

    private void ValidateNextEnd(State state)
    {
        var syntax = state.Syntax;
        ExpectString(syntax, "Next");
        ExpectBoolean(syntax, "End");
        var hasNext = syntax.ContainsKey("Next");
        var end = state.End == true;
        if (hasNext && syntax.TryGetProperty("End", out var endProperty))
        {
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                "You cannot set both 'Next' and 'End' at the same time",
                syntax,
                endProperty.NameSpan);
        }
        else if (!hasNext && !end && !HasMistypedEnd(syntax))
        {
            // An End that is not a boolean has its own error (ExpectBoolean above): it is there, only mistyped.
            SchemaOn(syntax, "One of these fields is required: [Next, End]");
        }
    }

    /// <summary>InputPath/OutputPath/ResultPath, payload templates, Output and Assign, for whichever the state has.</summary>
    private void ValidateInputOutput(State state, bool jsonata)
    {
        var syntax = state.Syntax;
        if (!jsonata)
        {
            CheckPathField(syntax, "InputPath", PathKind.Path, nullable: true);
            CheckPathField(syntax, "OutputPath", PathKind.Path, nullable: true);
            CheckPathField(syntax, "ResultPath", PathKind.Reference, nullable: true);
            CheckTemplateField(syntax, "Parameters");
            CheckTemplateField(syntax, "ResultSelector");
        }
        else
        {
            CheckJsonataField(syntax, "Arguments");
        }

        // A Task's, Parallel's or Map's Output and Assign read its result ($states.result).
        WithStates((state is TaskState or ParallelState or MapState, false), () =>
        {
            if (jsonata)
            {
                CheckJsonataField(syntax, "Output");
            }

            CheckAssign(syntax, jsonata);
        });
    }

    private void ValidatePass(PassState pass, bool jsonata)
    {
        if (pass.Result is { } result && !jsonata)
        {
            CheckStaticResult(result);
        }
    }

    private void ValidateTask(TaskState task, bool jsonata)
    {
        var syntax = task.Syntax;
        RequireFields(syntax, "Resource");
        if (ExpectString(syntax, "Resource") is { } resource)
        {
            ValidateResource(resource, jsonata);
        }

        ExpectInteger(syntax, "TimeoutSeconds", 1, MaxSeconds, jsonata);
        ExpectInteger(syntax, "HeartbeatSeconds", 1, MaxSeconds, jsonata);
        ExclusiveFields(syntax, "TimeoutSeconds", "TimeoutSecondsPath");
        ExclusiveFields(syntax, "HeartbeatSeconds", "HeartbeatSecondsPath");
        CheckPathField(syntax, "TimeoutSecondsPath", PathKind.Reference, nullable: false);
        CheckPathField(syntax, "HeartbeatSecondsPath", PathKind.Reference, nullable: false);
        if (task.TimeoutSeconds?.Integer is { } timeout && task.HeartbeatSeconds?.Integer is { } heartbeat && heartbeat >= timeout)
        {
            Schema(task.HeartbeatSeconds.Property, "The field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
        }

        if (syntax.TryGetProperty("Credentials", out var credentials))
        {
            if (credentials.Value is not JsonObjectSyntax credentialsObject)
            {
                Schema(credentials, "The field 'Credentials' must be an object, not " + Describe(credentials.Value));
            }
            else if (!jsonata)
            {
                CheckTemplate(credentialsObject);
            }
            else
            {
                CheckJsonataValue(credentialsObject);
            }
        }
    }

    private void ValidateResource(JsonStringSyntax resource, bool jsonata)
    {
        var value = resource.Value;
        if (jsonata && AslKeywords.IsJsonataExpression(value))
        {
            CheckJsonataString(resource);
            return;
        }

        if (!Arn.IsMatch(value))
        {
            Error(
                AslDiagnosticCodes.InvalidResource,
                string.Format(CultureInfo.InvariantCulture, "Invalid resource: '{0}' is not an ARN (arn:partition:service:region:account:resource)", Shorten(value)),
                resource,
                resource.Span);
            return;
        }

        if (!IsValidLambdaArn(value))
        {
            Error(
                AslDiagnosticCodes.InvalidResource,
                string.Format(CultureInfo.InvariantCulture, "Invalid resource: '{0}' is not a valid Lambda function ARN (arn:aws:lambda:region:account:function:name[:version-or-alias])", Shorten(value)),
                resource,
                resource.Span);
            return;
        }

        if (_type != StateMachineType.Express)
        {
            return;
        }

        if (value.EndsWith(".sync", StringComparison.Ordinal) || value.Contains(".sync:"))
        {
            Error(AslDiagnosticCodes.SchemaValidationFailed, "Express state machine does not support '.sync' service integration", resource, resource.Span);
        }
        else if (value.EndsWith(".waitForTaskToken", StringComparison.Ordinal))
        {
            // AWS's message ends with a space; kept as recorded.
            Error(AslDiagnosticCodes.SchemaValidationFailed, "Express state machine does not support '.waitForTaskToken' service integration ", resource, resource.Span);
        }
        else if (value.StartsWith("arn:", StringComparison.Ordinal) && value.Split(':').Length >= 6 && value.Split(':')[2] == "states" && value.Split(':')[5] == "activity")
        {
            Error(AslDiagnosticCodes.SchemaValidationFailed, "Express state machine does not support activities", resource, resource.Span);
        }
    }

    private static readonly Regex LambdaFunctionArn = new(
        @"^arn:[^:]+:lambda:[^:]*:[^:]*:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?\z", RegexOptions.CultureInvariant);

    private static bool IsValidLambdaArn(string value)
    {
        var parts = value.Split(':');
        return parts.Length < 6 || parts[2] != "lambda" || parts[5] != "function" || LambdaFunctionArn.IsMatch(value);
    }

    private void ValidateWait(WaitState wait, bool jsonata)
    {
        var syntax = wait.Syntax;
        var count = 0;
        foreach (var name in new[] { "Seconds", "SecondsPath", "Timestamp", "TimestampPath" })
        {
            if (syntax.ContainsKey(name))
            {
                count++;
            }
        }

        if (count != 1)
        {
            SchemaOn(syntax, jsonata
                ? "Exactly one of these fields is required: [Seconds, Timestamp]"
                : "Exactly one of these fields is required: [Seconds, SecondsPath, Timestamp, TimestampPath]");
        }

        ExpectInteger(syntax, "Seconds", 0, MaxSeconds, jsonata);
        if (syntax.TryGetProperty("Timestamp", out var timestamp))
        {
            if (timestamp.Value is JsonStringSyntax text)
            {
                if (jsonata && AslKeywords.IsJsonataExpression(text.Value))
                {
                    CheckJsonataString(text);
                }
                else if (!IsRfc3339Timestamp(text.Value))
                {
                    Schema(timestamp, "String does not match RFC3339 timestamp");
                }
            }
            else
            {
                Schema(timestamp, "The field 'Timestamp' must be a string, not " + Describe(timestamp.Value));
            }
        }

        CheckPathField(syntax, "SecondsPath", PathKind.Reference, nullable: false);
        CheckPathField(syntax, "TimestampPath", PathKind.Reference, nullable: false);
    }

    private void ValidateFail(FailState fail, bool jsonata)
    {
        var syntax = fail.Syntax;
        ExclusiveFields(syntax, "Error", "ErrorPath");
        ExclusiveFields(syntax, "Cause", "CausePath");
        foreach (var name in new[] { "Error", "Cause" })
        {
            if (ExpectString(syntax, name) is not { } text)
            {
                continue;
            }

            if (jsonata && AslKeywords.IsJsonataExpression(text.Value))
            {
                CheckJsonataString(text);
            }
            else if (!jsonata && LooksLikePath(text.Value))
            {
                Warning(
                    AslDiagnosticCodes.NoPath,
                    string.Format(CultureInfo.InvariantCulture, "The value of '{0}' looks like a path, but '{0}' is not a path field, so it is used as a literal string; use '{0}Path' to read it from the input", name),
                    text,
                    text.Span);
            }
        }

        CheckPathField(syntax, "ErrorPath", PathKind.PathOrIntrinsic, nullable: false);
        CheckPathField(syntax, "CausePath", PathKind.PathOrIntrinsic, nullable: false);
    }

    private void ValidateParallel(ParallelState parallel, int depth)
    {
        var syntax = parallel.Syntax;
        RequireFields(syntax, "Branches");
        if (!syntax.TryGetProperty("Branches", out var branches))
        {
            return;
        }

        if (branches.Value is not JsonArraySyntax array)
        {
            Schema(branches, "The field 'Branches' must be an array, not " + Describe(branches.Value));
            return;
        }

        if (array.Count == 0)
        {
            Schema(branches, "Value cannot be empty");
        }

        foreach (var item in array.Items)
        {
            if (item is not JsonObjectSyntax)
            {
                Error(AslDiagnosticCodes.SchemaValidationFailed, "A branch must be an object, not " + Describe(item), item, item.Span);
            }
        }

        foreach (var branch in parallel.Branches ?? Array.Empty<ParallelBranch>())
        {
            ValidateNested(branch, depth);
        }
    }

    private void ValidateNested(StateGraph graph, int depth)
    {
        if (depth + 1 > MaxGraphDepth)
        {
            Error(
                AslDiagnosticCodes.TooDeeplyNested,
                string.Format(CultureInfo.InvariantCulture, "Parallel branches and Map processors nest more than {0} levels deep", MaxGraphDepth),
                graph.Syntax,
                HeadSpan(graph.Syntax));
            return;
        }

        ValidateGraph(graph, depth + 1);
    }

    private static bool LooksLikePath(string value) =>
        value.StartsWith("$.", StringComparison.Ordinal) || value.StartsWith("$$.", StringComparison.Ordinal) || value == "$" || value.StartsWith("$[", StringComparison.Ordinal);
}


using System.Globalization;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>Retry and Catch: shapes, ranges, and States.ALL alone and last.</summary>
internal sealed partial class DefinitionValidator
{
    private const string StatesAll = "States.ALL";

    private void ValidateRetry(State state)
    {
        var syntax = state.Syntax;
        if (!syntax.TryGetProperty("Retry", out var retry))
        {
            return;
        }

        if (retry.Value is not JsonArraySyntax array)
        {
            Schema(retry, "The field 'Retry' must be an array, not " + Describe(retry.Value));
            return;
        }

        ReportNonObjectItems(array, "A retrier");
        var retriers = RetriersOf(state);
        for (var i = 0; i < retriers.Count; i++)
        {
            var retrier = retriers[i];
            var r = retrier.Syntax;
            ReportUnknownFields(retrier);
            ExpectString(r, "Comment");
            ValidateErrorEquals(r, isLast: i == retriers.Count - 1, "retrier");
            ExpectInteger(r, "IntervalSeconds", 1, MaxSeconds, jsonata: false);
            ExpectInteger(r, "MaxAttempts", 0, MaxSeconds, jsonata: false);
            ExpectInteger(r, "MaxDelaySeconds", 1, 31622400, jsonata: false);
            ExpectEnum(r, "JitterStrategy", "FULL", "NONE");
            if (r.TryGetProperty("BackoffRate", out var backoff))
            {
                if (backoff.Value is not JsonNumberSyntax number)
                {
                    Schema(backoff, "The field 'BackoffRate' must be a number, not " + Describe(backoff.Value));
                }
                else if (number.Value < 1.0)
                {
                    Schema(backoff, "The field 'BackoffRate' must be at least 1.0");
                }
            }
        }
    }

    private void ValidateCatch(State state, bool jsonata)
    {
        var syntax = state.Syntax;
        if (!syntax.TryGetProperty("Catch", out var @catch))
        {
            return;
        }

        if (@catch.Value is not JsonArraySyntax array)
        {
            Schema(@catch, "The field 'Catch' must be an array, not " + Describe(@catch.Value));
            return;
        }

        ReportNonObjectItems(array, "A catcher");
        var catchers = state.Catchers;
        for (var i = 0; i < catchers.Count; i++)
        {
            var catcher = catchers[i];
            var c = catcher.Syntax;
            ReportUnknownFields(catcher);
            ExpectString(c, "Comment");
            ValidateErrorEquals(c, isLast: i == catchers.Count - 1, "catcher");
            RequireFields(c, "Next");
            ExpectString(c, "Next");
            if (jsonata)
            {
                if (c.TryGetProperty("ResultPath", out var resultPath))
                {
                    Error(AslDiagnosticCodes.SchemaValidationFailed, "Field 'ResultPath' is not supported when QueryLanguage is JSONata", c, resultPath.NameSpan);
                }

                WithStates((false, true), () => CheckJsonataField(c, "Output"));
            }
            else
            {
                if (c.TryGetProperty("Output", out var output))
                {
                    Error(AslDiagnosticCodes.SchemaValidationFailed, "Field 'Output' is supported only when QueryLanguage is JSONata", c, output.NameSpan);
                }

                CheckPathField(c, "ResultPath", PathKind.Reference, nullable: true);
            }

            WithStates((false, true), () => CheckAssign(c, jsonata));
        }
    }

    private void ValidateErrorEquals(JsonObjectSyntax obj, bool isLast, string what)
    {
        RequireFields(obj, "ErrorEquals");
        if (!obj.TryGetProperty("ErrorEquals", out var property))
        {
            return;
        }

        if (property.Value is not JsonArraySyntax array)
        {
            Schema(property, "The field 'ErrorEquals' must be an array of strings, not " + Describe(property.Value));
            return;
        }

        if (array.Count == 0)
        {
            Schema(property, "Value cannot be empty");
            return;
        }

        foreach (var item in array.Items)
        {
            if (item is not JsonStringSyntax text)
            {
                Error(AslDiagnosticCodes.SchemaValidationFailed, "An error name in 'ErrorEquals' must be a string, not " + Describe(item), item, item.Span);
            }
            else if (text.Value == StatesAll)
            {
                if (array.Count > 1)
                {
                    Error(AslDiagnosticCodes.SchemaValidationFailed, "'States.ALL' must be the only error name in 'ErrorEquals'", text, text.Span);
                }
                else if (!isLast)
                {
                    Error(
                        AslDiagnosticCodes.SchemaValidationFailed,
                        string.Format(CultureInfo.InvariantCulture, "A {0} with 'States.ALL' must be the last one", what),
                        text,
                        text.Span);
                }
            }
        }

    }
}

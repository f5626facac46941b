using System.CommandLine;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl eval</c>: evaluates one JSONPath path, payload template, intrinsic function call, Choice rule or JSONata
/// expression against an input, the way a state would, and prints the result JSON or <c>{"error","cause"}</c> (exit 1).
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var jsonPath = new Option<string>("--jsonpath") { Description = "A JSONPath path, e.g. $.items[0].sku, $$.Execution.Id or $myVariable." };
        var template = new Option<string>("--template") { Description = "A payload template (Parameters/ResultSelector/ItemSelector) as JSON, or @file." };
        var intrinsic = new Option<string>("--intrinsic") { Description = "An intrinsic function call, e.g. \"States.Format('{} items', $.count)\"." };
        var choice = new Option<string>("--choice") { Description = "A Choice rule as JSON, or @file; prints true or false." };
        var jsonata = new Option<string>("--jsonata") { Description = "A JSONata expression, evaluated with Step Functions' function set (no $eval)." };
        var input = new Option<string>("--input") { Description = "The input as JSON, or @file: the state input (default {}), or what $ is for --jsonata (default: no input)." };
        var bindings = new Option<string>("--bindings") { Description = "--jsonata: variables as a JSON object of name (without $) to value, or @file." };
        var states = new Option<string>("--states") { Description = "--jsonata: the value of $states (input, context, result, errorOutput) as JSON, or @file." };
        var context = new Option<string>("--context") { Description = "The context object ($$) as JSON, or @file." };
        var variables = new Option<string>("--variables") { Description = "Variables as a JSON object of name to value, or @file." };
        var command = new Command("eval", "Evaluate a JSONPath path, payload template, intrinsic function, Choice rule or JSONata expression against an input.")
        {
            jsonPath, template, intrinsic, choice, jsonata, input, context, variables, bindings, states,
        };

        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var given = new (string Name, string? Value)[]
            {
                ("--jsonpath", result.GetValue(jsonPath)),
                ("--template", result.GetValue(template)),
                ("--intrinsic", result.GetValue(intrinsic)),
                ("--choice", result.GetValue(choice)),
                ("--jsonata", result.GetValue(jsonata)),
            }.Where(g => g.Value is not null).ToArray();
            if (given.Length != 1)
            {
                error.WriteLine("asl eval: give exactly one of --jsonpath, --template, --intrinsic, --choice or --jsonata.");
                return AslCommandLine.UsageError;
            }

            // An option the construct does not read would be dropped without a word (a --context for JSONata, which has $states).
            var jsonataOnly = new[] { ("--bindings", result.GetValue(bindings)), ("--states", result.GetValue(states)) };
            var jsonPathOnly = new[] { ("--context", result.GetValue(context)), ("--variables", result.GetValue(variables)) };
            foreach (var (option, value) in given[0].Name == "--jsonata" ? jsonPathOnly : jsonataOnly)
            {
                if (value is not null)
                {
                    error.WriteLine(given[0].Name == "--jsonata"
                        ? $"asl eval: {option} is for the JSONPath constructs; --jsonata reads --input, --bindings and --states."
                        : $"asl eval: {option} is for --jsonata; {given[0].Name} reads --input, --context and --variables.");
                    return AslCommandLine.UsageError;
                }
            }

            if (given[0].Name == "--jsonata")
            {
                return EvaluateJsonata(given[0].Value!, result.GetValue(input), result.GetValue(bindings), result.GetValue(states), output, error);
            }

            if (!TryReadOptional("--input", result.GetValue(input), JsonValue.EmptyObject, error, out var inputValue)
                || !TryReadOptional("--context", result.GetValue(context), JsonValue.EmptyObject, error, out var contextValue)
                || !TryReadOptional("--variables", result.GetValue(variables), JsonValue.EmptyObject, error, out var variablesValue))
            {
                return AslCommandLine.UsageError;
            }

            if (!variablesValue.IsObject)
            {
                error.WriteLine("asl eval: --variables must be a JSON object of variable name to value.");
                return AslCommandLine.UsageError;
            }

            // $$ is an object (Execution, State, StateMachine, Task, Map ...); a number or a string was taken without a word.
            if (!contextValue.IsObject)
            {
                error.WriteLine("asl eval: --context must be a JSON object (the context object $$), not " + KindOf(contextValue) + ".");
                return AslCommandLine.UsageError;
            }

            var evaluationContext = EvaluationContext.Create(contextValue, variablesValue);
            var (name, text) = given[0];
            EvaluationResult evaluation;
            switch (name)
            {
                case "--jsonpath":
                    evaluation = JsonPathEvaluator.Evaluate(text!, inputValue, evaluationContext);
                    break;
                case "--intrinsic":
                    evaluation = Intrinsics.Evaluate(text!, inputValue, evaluationContext);
                    break;
                case "--template":
                    if (!JsonArgument.TryRead(name, text!, error, out var templateValue))
                    {
                        return AslCommandLine.UsageError;
                    }

                    if (!PayloadTemplate.TryCreate(templateValue, out var compiled, out var templateError))
                    {
                        evaluation = EvaluationResult.Failure(StatesErrorNames.Runtime, templateError!);
                        break;
                    }

                    evaluation = compiled!.Evaluate(inputValue, evaluationContext);
                    break;
                default:
                    if (!JsonArgument.TryRead(name, text!, error, out var ruleValue))
                    {
                        return AslCommandLine.UsageError;
                    }

                    evaluation = RuleError(ruleValue) is { } ruleError
                        ? EvaluationResult.Failure(StatesErrorNames.Runtime, ruleError)
                        : ChoiceRuleEvaluator.Evaluate(ruleValue, inputValue, evaluationContext);
                    break;
            }

            return Print(evaluation, output, error);
        });
        return command;
    }

    /// <summary>
    /// The most characters of JSON text <c>asl eval</c> prints: the 128 MiB <c>asl</c> reads from a file
    /// (<see cref="InputFile.MaxBytes"/>), so any input can be echoed back. A result that shares its parts (<c>$..a..a</c>
    /// over a deeply nested input) is small in memory and can be gigabytes as text, which was written until memory ran out.
    /// </summary>
    internal const int MaxResultLength = (int)InputFile.MaxBytes;

    /// <summary>
    /// Why <paramref name="rule"/> could not stand in a Choice state's <c>Choices</c> (the definition validator's first
    /// error, located within the rule), or null. The evaluator alone reads any object it can: <c>{"And":[]}</c> was true,
    /// an operand of the wrong type false, and a second operator ignored, where a definition holding them is refused.
    /// </summary>
    internal static string? RuleError(JsonValue rule)
    {
        const string ChoiceState = "Rule";
        const string NextState = "Then";
        var choice = rule;
        if (rule.TryGetObject(out var members))
        {
            // A top-level rule names its Next; one copied from a definition may already have it.
            var copy = members.AsSpan().ToArray().Where(m => m.Key != "Next").Append(new("Next", JsonValue.FromString(NextState)));
            choice = JsonValue.CreateObject(copy.ToArray());
        }

        var definition = JsonValue.CreateObject(
            new("StartAt", JsonValue.FromString(ChoiceState)),
            new("States", JsonValue.CreateObject(
                new(ChoiceState, JsonValue.CreateObject(
                    new("Type", JsonValue.FromString("Choice")),
                    new("Choices", JsonValue.CreateArray(choice)),
                    new("Default", JsonValue.FromString(NextState)))),
                new(NextState, JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("Type", JsonValue.FromString("Succeed")))))));
        var result = AslCompiler.Language.Validation.AslValidator.Validate(definition.ToJsonString());
        var first = result.Diagnostics.FirstOrDefault(d => d.Severity == AslCompiler.Language.Model.AslDiagnosticSeverity.Error);
        if (first is null)
        {
            return null;
        }

        const string Prefix = "/States/" + ChoiceState + "/Choices/0";
        var location = first.Location is { } l && l.StartsWith(Prefix, System.StringComparison.Ordinal) ? l[Prefix.Length..] : null;
        return "The Choice rule is not valid: " + first.Message + (string.IsNullOrEmpty(location) ? "." : " (at " + location + ").");
    }

    private static int Print(EvaluationResult evaluation, TextWriter output, TextWriter error)
    {
        if (!evaluation.IsSuccess)
        {
            output.WriteLine(evaluation.ToErrorObject().ToJsonString());
            return AslCommandLine.Failure;
        }

        return PrintValue(evaluation.Value, output, error);
    }

    /// <summary>Prints a result (nothing for undefined), or refuses one whose JSON text is past <see cref="MaxResultLength"/>.</summary>
    private static int PrintValue(JsonValue value, TextWriter output, TextWriter error)
    {
        if (value.IsUndefined)
        {
            return AslCommandLine.Success;
        }

        if (value.JsonTextLength(MaxResultLength) > MaxResultLength)
        {
            error.WriteLine("asl eval: the result is more than " + MaxResultLength.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
                + " characters of JSON text, the most asl eval prints; nothing was printed.");
            return AslCommandLine.Failure;
        }

        output.WriteLine(value.ToJsonString());
        return AslCommandLine.Success;
    }

    private static int EvaluateJsonata(string expression, string? input, string? bindings, string? states, TextWriter output, TextWriter error)
    {
        // No --input means no input at all: '$' is undefined, as in JSONata.
        if (!TryReadOptional("--input", input, JsonValue.Undefined, error, out var inputValue)
            || !TryReadOptional("--bindings", bindings, JsonValue.EmptyObject, error, out var bindingsValue)
            || !TryReadOptional("--states", states, JsonValue.Undefined, error, out var statesValue))
        {
            return AslCommandLine.UsageError;
        }

        if (!bindingsValue.IsObject)
        {
            error.WriteLine("asl eval: --bindings must be a JSON object of variable name to value.");
            return AslCommandLine.UsageError;
        }

        // A name is given without its '$' ({"x":1} binds $x); "$x" bound a variable no expression can name, so $x was
        // undefined without a word.
        foreach (var name in bindingsValue.GetObject().Names)
        {
            if (name.StartsWith('$'))
            {
                error.WriteLine($"asl eval: --bindings names variables without '$': \"{name[1..]}\", not \"{name}\".");
                return AslCommandLine.UsageError;
            }
        }

        // $states is an object (input, context, result, errorOutput), as inside a state.
        if (!statesValue.IsUndefined && !statesValue.IsObject)
        {
            error.WriteLine("asl eval: --states must be a JSON object (input, context, result, errorOutput), not " + KindOf(statesValue) + ".");
            return AslCommandLine.UsageError;
        }

        var variables = JsonataBindings.FromObject(bindingsValue);
        if (!statesValue.IsUndefined)
        {
            variables = variables.With("states", statesValue);
        }

        var evaluation = JsonataExpression.Compile(expression).Evaluate(inputValue, variables, JsonataOptions.StepFunctions);
        if (!evaluation.IsSuccess)
        {
            var failure = JsonValue.CreateObject(
                new KeyValuePair<string, JsonValue>("error", evaluation.Error!.Code),
                new KeyValuePair<string, JsonValue>("cause", evaluation.Error.Message));
            output.WriteLine(failure.ToJsonString());
            return AslCommandLine.Failure;
        }

        return PrintValue(evaluation.Value, output, error);
    }

    private static string KindOf(JsonValue value) => value.Kind switch
    {
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Boolean => value.IsTrue ? "true" : "false",
        _ => "null",
    };

    private static bool TryReadOptional(string option, string? text, JsonValue fallback, TextWriter error, out JsonValue value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return JsonArgument.TryRead(option, text, error, out value);
    }
}

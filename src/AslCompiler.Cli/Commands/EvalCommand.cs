using System.CommandLine;
using System.IO;
using System.Linq;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl eval</c>: evaluates one JSONPath path, payload template, intrinsic function call or Choice rule against an
/// input, the way a state would, and prints the result JSON or <c>{"error","cause"}</c> (exit 1).
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var jsonPath = new Option<string>("--jsonpath") { Description = "A JSONPath path, e.g. $.items[0].sku, $$.Execution.Id or $myVariable." };
        var template = new Option<string>("--template") { Description = "A payload template (Parameters/ResultSelector/ItemSelector) as JSON, or @file." };
        var intrinsic = new Option<string>("--intrinsic") { Description = "An intrinsic function call, e.g. \"States.Format('{} items', $.count)\"." };
        var choice = new Option<string>("--choice") { Description = "A Choice rule as JSON, or @file; prints true or false." };
        var input = new Option<string>("--input") { Description = "The state input as JSON, or @file (default: {})." };
        var context = new Option<string>("--context") { Description = "The context object ($$) as JSON, or @file." };
        var variables = new Option<string>("--variables") { Description = "Variables as a JSON object of name to value, or @file." };
        var command = new Command("eval", "Evaluate a JSONPath path, payload template, intrinsic function or Choice rule against an input.")
        {
            jsonPath, template, intrinsic, choice, input, context, variables,
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
            }.Where(g => g.Value is not null).ToArray();
            if (given.Length != 1)
            {
                error.WriteLine("asl eval: give exactly one of --jsonpath, --template, --intrinsic or --choice.");
                return AslCommandLine.UsageError;
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

                    evaluation = ChoiceRuleEvaluator.Evaluate(ruleValue, inputValue, evaluationContext);
                    break;
            }

            return Print(evaluation, output);
        });
        return command;
    }

    internal static int Print(EvaluationResult evaluation, TextWriter output)
    {
        if (!evaluation.IsSuccess)
        {
            output.WriteLine(evaluation.ToErrorObject().ToJsonString());
            return AslCommandLine.Failure;
        }

        if (!evaluation.Value.IsUndefined)
        {
            output.WriteLine(evaluation.Value.ToJsonString());
        }

        return AslCommandLine.Success;
    }

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

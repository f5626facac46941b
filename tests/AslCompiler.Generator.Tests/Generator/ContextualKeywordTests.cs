using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The generated code does not depend on contextual keywords that a user type can take over: a type named <c>var</c>
/// (or <c>dynamic</c>, <c>nameof</c>) anywhere the generated class can see it turned every <c>var x = ...</c> of the
/// generated file into a declaration of that type (CS0029 and more, inside the generated file).
/// </summary>
public class ContextualKeywordTests
{
    /// <summary>
    /// A definition that reaches most of the emitter: records (a Pass state's Parameters, a Map's ItemSelector), an
    /// inline Map over a record, ResultPath into new objects, Choice rules with And and Not, intrinsic functions,
    /// context, Map item and variable paths, a Task state and a JSONata state.
    /// </summary>
    private const string Definition = """
        {
          "StartAt": "Start",
          "States": {
            "Start": { "Type": "Pass", "Parameters": { "items.$": "$.items", "count.$": "States.ArrayLength($.items)", "name.$": "$$.Execution.Name" }, "Next": "Each" },
            "Each": {
              "Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.doubled",
              "ItemSelector": { "value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index" },
              "ItemProcessor": { "StartAt": "Double", "States": { "Double": { "Type": "Pass", "Parameters": { "twice.$": "States.MathAdd($.value, $.value)", "at.$": "$.index" }, "End": true } } },
              "Next": "Check"
            },
            "Check": {
              "Type": "Choice",
              "Choices": [ { "And": [ { "Variable": "$.count", "NumericGreaterThan": 0 }, { "Not": { "Variable": "$.name", "StringEquals": "x" } } ], "Next": "Nest" } ],
              "Default": "Call",
              "Assign": { "seen": 1 }
            },
            "Nest": { "Type": "Pass", "Parameters": { "seen.$": "$seen" }, "ResultPath": "$.a.b.c", "Next": "Call" },
            "Call": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:price", "ResultPath": "$.price", "Next": "Total" },
            "Total": { "Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $sum($states.input.items) %}", "End": true }
          }
        }
        """;

    [Theory]
    [InlineData("namespace Shop.Workflows { internal sealed class var { } }")] // the generated class's namespace
    [InlineData("namespace Shop { internal sealed class var { } }")] // an enclosing namespace
    [InlineData("internal sealed class var { }")] // the global namespace
    [InlineData("namespace Shop.Workflows { partial class Scope { private sealed class var { } } }")] // the user's half of the class
    [InlineData("namespace Shop.Workflows { partial class Scope : Shop.Base { } } namespace Shop { internal class Base { protected sealed class var { } } }")] // a base class
    [InlineData("global using Other; namespace Other { internal sealed class var { } }")] // a global using
    [InlineData("namespace Shop.Workflows { internal sealed class dynamic { } internal sealed class nameof { } internal sealed class nint { } }")]
    public void A_user_type_named_like_a_contextual_keyword_does_not_break_the_generated_code(string userCode)
    {
        // At the compiler's default warning level, as here, such a type gets no warning (CS8981 is level 7).
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Workflows/Scope.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "int[]", ["AslOutputType"] = "int" },
        };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Workflows/Scope.asl.json", Definition)], itemMetadata: metadata);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var source = Assert.Single(sources.Values);
        Assert.Contains("private readonly struct Record", source, StringComparison.Ordinal); // the record paths were emitted
        Assert.Contains("RunState", source, StringComparison.Ordinal); // the inline Map over a record
    }

    [Fact]
    public void The_generated_code_names_no_contextual_keyword_a_type_could_take()
    {
        // The emitter writes explicit types: `var` (or dynamic, nameof ...) binds to a user type of that name when one
        // is in scope. Checked on the syntax, so every emitter path a definition reaches is covered, not only the
        // ones a compiled test happens to take.
        var (_, source) = GeneratorHarness.Generate("Workflows/Scope.asl.json", Definition);
        var names = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens()
            .Where(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && t.ValueText is "var" or "dynamic" or "nameof" or "nint" or "nuint")
            .Select(t => t.ValueText + " at " + t.GetLocation().GetLineSpan().StartLinePosition)
            .ToList();
        Assert.Empty(names);
    }
}

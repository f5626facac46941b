using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AslCompiler.Runtime.Compiled;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A definition with errors still gets its class (a shell: constants, handler interface, members that throw naming the
/// ASL errors), so the user's code that names it compiles and the build shows the ASL errors, not a cascade of CS0246.
/// </summary>
public class InvalidDefinitionShellTests
{
    // Two errors: a transition to a state that does not exist, and a Task without a Resource.
    private const string Broken = """
        {
          "StartAt": "Charge",
          "States": {
            "Charge": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "Next": "Nowhere" },
            "Ship it": { "Type": "Task", "End": true }
          }
        }
        """;

    private const string Fixed = """
        {
          "StartAt": "Charge",
          "States": {
            "Charge": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "Next": "Ship it" },
            "Ship it": { "Type": "Succeed" }
          }
        }
        """;

    private const string UserCode = """
        using System.Threading;
        using System.Threading.Tasks;
        using AslCompiler.Runtime.Json;

        namespace Shop;

        internal sealed class ChargeHandlers : Billing.IHandlers
        {
            public ValueTask<JsonValue> ChargeAsync(JsonValue input, CancellationToken cancellationToken) => new(input);
        }

        internal static class Checkout
        {
            public const string First = Billing.States.Charge;
            public const string Second = Billing.States.ShipIt;

            public static object Program() => Billing.Program;

            public static ValueTask<AslCompiler.Runtime.Execution.ExecutionResult> RunAsync() =>
                Billing.RunAsync(new ChargeHandlers(), JsonValue.Parse("{}"));
        }
        """;

    [Fact]
    public void The_users_code_that_names_the_class_compiles()
    {
        var (_, output, sources) = Generate(Broken, UserCode);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var source = sources["Billing.asl.g.cs"];
        Assert.Contains("public const string Definition = ", source, StringComparison.Ordinal);
        Assert.Contains("public const string DefinitionHash = ", source, StringComparison.Ordinal);
        Assert.Contains("public const string ShipIt = \"Ship it\";", source, StringComparison.Ordinal);
        Assert.DoesNotContain("CompiledProgram", source, StringComparison.Ordinal);
        Assert.DoesNotContain("ModuleInitializer", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_members_throw_naming_the_ASL_errors()
    {
        var (_, output, _) = Generate(Broken, UserCode);
        var (checkout, billing) = Load(output);

        var program = Assert.Throws<TargetInvocationException>(() => checkout.GetMethod("Program")!.Invoke(null, null));
        var error = Assert.IsType<InvalidOperationException>(program.InnerException);
        Assert.StartsWith("The state machine definition 'Billing.asl.json' has errors, so 'Billing' was not compiled.", error.Message, StringComparison.Ordinal);
        Assert.Contains("ASL0010 (4,", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nowhere", error.Message, StringComparison.Ordinal);
        Assert.Contains("ASL0003 (5,", error.Message, StringComparison.Ordinal);

        var run = Assert.Throws<TargetInvocationException>(() => checkout.GetMethod("RunAsync")!.Invoke(null, null));
        Assert.Equal(error.Message, Assert.IsType<InvalidOperationException>(run.InnerException).Message);

        // Not registered with the API: it has no program.
        Assert.False(CompiledStateMachines.IsRegistered((string)billing.GetField("DefinitionHash")!.GetValue(null)!));
    }

    [Theory]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pass", "Next": "Nowhere" } } }""")]
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pass" "End": true } } }""")] // mid-edit: a comma missing
    [InlineData("""{ "StartAt": "P", "States": { "P": { "Type": "Pa""")] // mid-edit: cut off
    public void A_task_free_definitions_shell_keeps_the_handler_less_RunAsync(string definition)
    {
        // Code written against the valid, Task-free class calls RunAsync(input): while the definition has errors that
        // call still compiles (the build shows only the ASL errors, no CS1501) and throws naming them.
        const string caller = """
            namespace Shop;

            internal static class Checkout
            {
                public static System.Threading.Tasks.ValueTask<AslCompiler.Runtime.Execution.ExecutionResult> RunAsync() =>
                    Billing.RunAsync(AslCompiler.Runtime.Json.JsonValue.Parse("{}"));
            }
            """;
        var (_, output, _) = Generate(definition, caller);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var (checkout, _) = Load(output);
        var run = Assert.Throws<TargetInvocationException>(() => checkout.GetMethod("RunAsync")!.Invoke(null, null));
        Assert.StartsWith("The state machine definition 'Billing.asl.json' has errors, so 'Billing' was not compiled.", Assert.IsType<InvalidOperationException>(run.InnerException).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_errors_are_the_ones_the_analyzer_reports()
    {
        var (_, output, _) = Generate(Broken, UserCode);
        var (_, billing) = Load(output);
        var message = (string)billing.GetField("AslDefinitionErrors", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

        await AssertReportedAsync(Broken, message);
    }

    [Fact]
    public async Task Positions_in_the_message_are_the_files_lines_and_columns()
    {
        // A repeated key: its message names where the first one is, which is on line 4 of the file as written.
        const string duplicate = """
            {
              "StartAt": "Charge",
              "States": {
                "Charge": { "Type": "Pass",
                            "Type": "Succeed" }
              }
            }
            """;
        var (_, output, _) = Generate(duplicate, "namespace Shop; internal static class User { }");
        var message = ErrorsOf(output);

        Assert.True(message.Contains("ASL0001 (5,17): Duplicate key \"Type\": it already appears at line 4, column 17.", StringComparison.Ordinal), message);
        Assert.DoesNotContain("line 1,", message, StringComparison.Ordinal);
        await AssertReportedAsync(duplicate, message);
    }

    [Fact]
    public async Task Positions_in_the_message_count_lines_as_the_analyzer_s_locations_do()
    {
        // U+2028 inside a string starts a line in Roslyn's line table (the IDE's), not in JSON's: the message follows
        // the analyzer, whose locations come from that table.
        const string separated = "{\n  \"StartAt\": \"P\",\n  \"States\": {\n    \"P\": { \"Comment\": \"a\u2028b\", \"Type\": \"Pass\", \"Next\": \"Nowhere\" }\n  }\n}";
        var (_, output, _) = Generate(separated, "namespace Shop; internal static class User { }");
        var message = ErrorsOf(output);

        Assert.True(message.Contains("ASL0010 (5,", StringComparison.Ordinal), message);
        await AssertReportedAsync(separated, message);
    }

    [Fact]
    public void Reformatting_a_definition_with_errors_moves_the_positions_in_its_message()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        var file = GeneratorHarness.File("Billing.asl.json", Broken);
        var (driver, first, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([file]), compilation);
        var shifted = GeneratorHarness.File("Billing.asl.json", "\n\n" + Broken);
        var (_, second, _) = GeneratorHarness.Run(driver.ReplaceAdditionalText(file, shifted), compilation);

        Assert.Contains("ASL0010 (4,", ErrorsOf(first), StringComparison.Ordinal);
        Assert.Contains("ASL0010 (6,", ErrorsOf(second), StringComparison.Ordinal);
    }

    /// <summary>Every error the analyzer reports for <paramref name="definition"/> is in the message with its line, column and words.</summary>
    private static async Task AssertReportedAsync(string definition, string message)
    {
        var reported = (await AnalyzerHarness.AnalyzeAsync(("/src/Shop/Billing.asl.json", definition))).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.NotEmpty(reported);
        foreach (var diagnostic in reported)
        {
            var start = diagnostic.Location.GetLineSpan().StartLinePosition;
            var position = " (" + (start.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "," + (start.Character + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "): ";
            Assert.Contains(diagnostic.Id + position + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        }
    }

    /// <summary>The shell's <c>AslDefinitionErrors</c> constant, read from the compilation.</summary>
    private static string ErrorsOf(Compilation output)
    {
        var field = output.GetTypeByMetadataName("Shop.Billing")!.GetMembers("AslDefinitionErrors").OfType<IFieldSymbol>().Single();
        return (string)field.ConstantValue!;
    }

    [Theory]
    // A number the runtime cannot read (it threw from the class's initializer), and a member given twice.
    [InlineData("""{"a.$": "States.Array(01)"}""", "The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call")]
    [InlineData("""{"a": 5, "a.$": "$.x"}""", "The field 'a' is given twice (as 'a' and 'a.$')")]
    public void Templates_the_runtime_refuses_get_a_shell_naming_the_error(string parameters, string error)
    {
        var definition = """{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": """ + parameters + """, "End": true}}}""";
        var (_, output, _) = Generate(definition, "namespace Shop; internal static class User { }");

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Contains(error, ErrorsOf(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", "ASL0002: The definition is empty")]
    [InlineData("  \n ", "", "ASL0003: Definition must be a valid JSON object")]
    [InlineData("{ \"StartAt\": ", "{\"StartAt\":", "ASL0001 (1,14): ")]
    public void Empty_and_malformed_files_get_a_shell_without_states(string text, string definition, string error)
    {
        var (_, output, sources) = Generate(text, "namespace Shop; internal static class User { public const string D = Billing.Definition; }");

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var source = sources["Billing.asl.g.cs"];
        Assert.Contains("public const string Definition = " + AslGenerator.StringLiteral(definition) + ";", source, StringComparison.Ordinal);
        Assert.Contains(error, source, StringComparison.Ordinal);
        Assert.Contains("public interface IHandlers\n        {\n        }", source, StringComparison.Ordinal);
    }

    // Fixed as written in an editor, and the ways it is malformed while being typed.
    private const string Formatted = """
        {
          "StartAt": "Charge",
          "States": {
            "Charge": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
              "Next": "Ship it"
            },
            "Ship it": { "Type": "Succeed" }
          }
        }
        """;

    [Theory]
    [InlineData("    },\n    \"Ship it\"", "    }\n    \"Ship it\"")] // a comma left out
    [InlineData("\"Succeed\" }", "\"Succeed\", }")] // a comma left over
    [InlineData("\"Next\": \"Ship it\"", "\"Next\": \"Ship it")] // a string without its closing quote
    [InlineData("\"Succeed\" }\n  }\n}", "\"Succeed\" },\n    \"Ne")] // a state being added at the end
    [InlineData("    \"Ship it\"", "    // then ship\n    \"Ship it\"")] // a comment
    [InlineData("\"Type\": \"Succeed\"", "\"Type\": Succ")] // a value being typed
    [InlineData("\"Type\": \"Task\",", "\"Type\": \"Task\"")]
    public void A_definition_being_typed_keeps_its_state_constants_and_handler_methods(string written, string typing)
    {
        var text = Formatted.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(written, text, StringComparison.Ordinal);
        text = text.Replace(written, typing, StringComparison.Ordinal);
        const string userCode = """
            using System.Threading;
            using System.Threading.Tasks;
            using AslCompiler.Runtime.Json;

            namespace Shop;

            internal static class Checkout
            {
                public const string First = Billing.States.Charge;
                public const string Second = Billing.States.ShipIt;

                public static ValueTask<JsonValue> ChargeAsync(Billing.IHandlers handlers) => handlers.ChargeAsync(JsonValue.Null, CancellationToken.None);
            }
            """;

        var (_, output, sources) = Generate(text, userCode);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Contains("ASL0001 (", ErrorsOf(output), StringComparison.Ordinal); // the JSON syntax error, where it is
        Assert.DoesNotContain("CompiledProgram", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_stage_of_typing_a_definition_generates_a_class_that_compiles()
    {
        // Cut off at points spread over the text, and with a character left out: what an editor holds between keystrokes.
        const string definition = """
            {
              "Comment": "Orders: charge, then ship or refund",
              "StartAt": "Charge",
              "States": {
                "Charge": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:charge", "Payload.$": "$" },
                  "Retry": [{ "ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2 }],
                  "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Refund" }],
                  "Next": "Ship?"
                },
                "Ship?": { "Type": "Choice", "Choices": [{ "Variable": "$.ship", "BooleanEquals": true, "Next": "Ship" }], "Default": "Done" },
                "Ship": { "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": { "QueueUrl": "q", "MessageBody.$": "$" }, "Next": "Done" },
                "Refund": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:refund", "End": true },
                "Done": { "Type": "Succeed" }
              }
            }
            """;
        var texts = new List<string>();
        for (var length = 1; length < definition.Length; length += definition.Length / 12)
        {
            texts.Add(definition[..length]);
        }

        for (var at = 7; at < definition.Length; at += definition.Length / 12)
        {
            texts.Add(definition.Remove(at, 1));
        }

        foreach (var text in texts)
        {
            var (_, output, _) = Generate(text, "namespace Shop; internal static class User { }");

            Assert.True(GeneratorHarness.WarningsAndErrors(output).IsEmpty, text + "\n" + string.Join("\n", GeneratorHarness.WarningsAndErrors(output)));
        }
    }

    [Fact]
    public void Without_the_runtime_the_shell_has_only_the_constants()
    {
        var (_, output, sources) = Generate(Broken, "namespace Shop; internal static class User { public const string S = Billing.States.Charge; }", GeneratorHarness.FrameworkOnly);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.DoesNotContain("IHandlers", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("AslDefinitionErrors", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Fixing_the_definition_replaces_the_shell_with_the_compiled_class()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        var file = GeneratorHarness.File("Billing.asl.json", Broken);
        var (driver, _, broken) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([file]), compilation);
        var (_, output, repaired) = GeneratorHarness.Run(driver.ReplaceAdditionalText(file, GeneratorHarness.File("Billing.asl.json", Fixed)), compilation);

        Assert.Contains("AslDefinitionErrors", broken["Billing.asl.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("AslDefinitionErrors", repaired["Billing.asl.g.cs"], StringComparison.Ordinal);
        Assert.Contains("private static class CompiledProgram", repaired["Billing.asl.g.cs"], StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    private static (GeneratorDriver Driver, Compilation Output, IReadOnlyDictionary<string, string> Sources) Generate(
        string definition, string userCode, IEnumerable<MetadataReference>? references = null)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", definition)]);
        return GeneratorHarness.Run(driver, GeneratorHarness.Compilation(references ?? GeneratorHarness.RuntimeReferences, userCode));
    }

    private static (Type Checkout, Type Billing) Load(Compilation output)
    {
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        stream.Position = 0;
        var assembly = new AssemblyLoadContext("Shell", isCollectible: true).LoadFromStream(stream);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return (assembly.GetType("Shop.Checkout")!, assembly.GetType("Shop.Billing")!);
    }
}

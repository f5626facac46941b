using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A Choice state of 20,000 rules took seconds on its first compiled run: the runner wrote every rule out in its case
/// (one method the JIT compiled all at once), and one method created every branch. A Choice of more than
/// <see cref="ProgramEmitter.MaxInlineRules"/> rules now runs through the kernel's step, and its branches are created in
/// parts of <see cref="ProgramEmitter.MaxBranchesPerPart"/>: no generated method holds more rules than that.
/// </summary>
public class LargeChoiceTests
{
    private static string Choice(int rules, bool jsonata)
    {
        var choices = new StringBuilder();
        for (var i = 0; i < rules; i++)
        {
            choices.Append(i == 0 ? string.Empty : ",").Append(jsonata
                ? "{\"Condition\":\"{% $states.input.n = " + i + " %}\",\"Next\":\"" + "ABC"[i % 3] + "\"}"
                : "{\"Variable\":\"$.n\",\"NumericEquals\":" + i + ",\"Next\":\"" + "ABC"[i % 3] + "\"}");
        }

        var pass = jsonata ? "\"Output\":\"{% $states.input.n %}\"" : "\"Parameters\":{\"n.$\":\"$.n\"}";
        return "{" + (jsonata ? "\"QueryLanguage\":\"JSONata\"," : string.Empty) + "\"StartAt\":\"Pick\",\"States\":{"
            + "\"Pick\":{\"Type\":\"Choice\",\"Choices\":[" + choices + "],\"Default\":\"D\"},"
            + "\"A\":{\"Type\":\"Pass\"," + pass + ",\"Next\":\"Done\"},\"B\":{\"Type\":\"Pass\",\"End\":true},\"C\":{\"Type\":\"Pass\"," + pass + ",\"End\":true},"
            + "\"D\":{\"Type\":\"Fail\",\"Error\":\"None\"},\"Done\":{\"Type\":\"Succeed\"}}}";
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_method_holds_more_than_a_part_of_a_big_choice_s_rules_and_the_choice_agrees_with_the_interpreter(bool jsonata)
    {
        var definition = Choice(300, jsonata);
        var (output, source) = GeneratorHarness.Generate("Flows/Pick.asl.json", definition);

        var most = 0;
        foreach (var method in CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var text = method.ToString();
            most = Math.Max(most, Math.Max(Regex.Count(text, @"ChoiceBranchProgram\("), Regex.Count(text, @"\bState\d+_Choice\d+(_OverRecord)?\(")));
        }

        Assert.InRange(most, 1, ProgramEmitter.MaxBranchesPerPart);

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Pick", "pick");
        try
        {
            foreach (var input in new[] { """{"n":0}""", """{"n":1}""", """{"n":299}""", """{"n":300}""", """{"n":"x"}""", "{}" })
            {
                await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "pick");
            }
        }
        finally
        {
            context.Unload();
        }
    }
}

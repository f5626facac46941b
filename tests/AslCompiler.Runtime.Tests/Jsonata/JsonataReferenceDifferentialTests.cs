using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>The evaluator answers as the reference implementation on the rows of <see cref="JsonataReferenceCases"/>.</summary>
public class JsonataReferenceDifferentialTests
{
    public static TheoryData<string, string?, string> Cases()
    {
        var data = new TheoryData<string, string?, string>();
        foreach (var (expression, input, expected) in JsonataReferenceCases.Rows)
        {
            data.Add(expression, input, expected);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_evaluator_answers_as_the_reference_does(string expression, string? input, string expected) =>
        Assert.Equal(expected, JsonataReferenceCases.Show(JsonataExpression.Compile(expression).Evaluate(input is null ? default : JsonValue.Parse(input))));

    [Fact]
    public void Negating_NaN_is_D1002()
    {
        // NaN is not numeric to JSONata. (Its message prints the value as JSON, "null"; error messages here print a
        // number that is not finite as JavaScript prints it, "NaN".)
        var error = JsonataExpression.Compile("-$parseInteger('12', 'I')").Evaluate(default).Error;
        Assert.Equal("D1002", error?.Code);
    }
}

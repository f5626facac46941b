using AslCompiler.Language.Model;
using static AslCompiler.Language.Tests.Model.ModelTestText;

namespace AslCompiler.Language.Tests.Model;

public sealed class ChoiceRuleTests
{
    public static IEnumerable<object[]> Operators() =>
        ComparisonOperators.All.Select(op => new object[] { ComparisonOperators.ToAslString(op) });

    private static ChoiceRule Rule(string ruleJson, string state = "")
    {
        var choice = State<ChoiceState>("{'Type':'Choice'" + state + ",'Choices':[" + ruleJson + "],'Default':'D'}");
        return Assert.Single(choice.Choices!);
    }

    [Fact]
    public void There_are_39_comparison_operators()
    {
        Assert.Equal(39, ComparisonOperators.All.Count);
        Assert.Equal(16, ComparisonOperators.All.Count(ComparisonOperators.IsPathOperator));
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void Every_comparison_operator_is_read(string name)
    {
        var rule = Rule("{'Variable':'$.v','" + name + "':'x','Next':'N'}");
        Assert.True(ComparisonOperators.TryParse(name, out var op));
        Assert.Equal(ChoiceRuleKind.Comparison, rule.Kind);
        Assert.Equal(op, rule.Comparison!.Operator);
        Assert.Equal(name, rule.Comparison.Property.Name);
        Assert.Equal("x", rule.Comparison.StringValue);
        Assert.Equal("$.v", rule.Variable);
        Assert.Empty(rule.UnknownFields);
    }

    [Theory]
    [InlineData("StringEquals", ComparisonOperandKind.String)]
    [InlineData("StringMatches", ComparisonOperandKind.String)]
    [InlineData("NumericLessThan", ComparisonOperandKind.Number)]
    [InlineData("BooleanEquals", ComparisonOperandKind.Boolean)]
    [InlineData("IsTimestamp", ComparisonOperandKind.Boolean)]
    [InlineData("TimestampGreaterThanEquals", ComparisonOperandKind.Timestamp)]
    [InlineData("NumericEqualsPath", ComparisonOperandKind.Path)]
    [InlineData("TimestampLessThanEqualsPath", ComparisonOperandKind.Path)]
    public void Operand_kinds(string name, ComparisonOperandKind kind)
    {
        Assert.True(ComparisonOperators.TryParse(name, out var op));
        Assert.Equal(kind, ComparisonOperators.GetOperandKind(op));
    }

    [Fact]
    public void Operator_names_are_case_sensitive()
    {
        Assert.False(ComparisonOperators.TryParse("stringequals", out _));
        var rule = Rule("{'Variable':'$.v','stringEquals':'x','Next':'N'}");
        Assert.Equal(ChoiceRuleKind.Invalid, rule.Kind);
        Assert.Equal("stringEquals", Assert.Single(rule.UnknownFields).Name);
    }

    [Fact]
    public void Typed_operand_values()
    {
        Assert.Equal("42.5", Rule("{'Variable':'$.v','NumericEquals':42.5,'Next':'N'}").Comparison!.NumberValue!.Text);
        Assert.False(Rule("{'Variable':'$.v','BooleanEquals':false,'Next':'N'}").Comparison!.BooleanValue);
        var wrong = Rule("{'Variable':'$.v','NumericEquals':'42','Next':'N'}").Comparison!;
        Assert.Null(wrong.NumberValue);
        Assert.Equal("42", wrong.StringValue);
    }

    [Fact]
    public void Two_operators_make_an_invalid_rule_with_both_kept()
    {
        var rule = Rule("{'Variable':'$.v','StringEquals':'a','IsPresent':true,'Next':'N'}");
        Assert.Equal(ChoiceRuleKind.Invalid, rule.Kind);
        Assert.Null(rule.Comparison);
        Assert.Equal(new[] { ComparisonOperator.StringEquals, ComparisonOperator.IsPresent }, rule.Comparisons.Select(c => c.Operator));
    }

    [Fact]
    public void Boolean_rules_nest()
    {
        var rule = Rule(
            "{'And':[{'Variable':'$.a','IsPresent':true},{'Or':[{'Variable':'$.b','NumericGreaterThan':1},{'Not':{'Variable':'$.c','IsNull':true}}]}],'Next':'N','Comment':'c'}");
        Assert.Equal(ChoiceRuleKind.And, rule.Kind);
        Assert.False(rule.IsNested);
        Assert.Equal("c", rule.Comment);
        Assert.Equal(2, rule.And!.Count);
        Assert.True(rule.And[0].IsNested);
        var or = rule.And[1];
        Assert.Equal(ChoiceRuleKind.Or, or.Kind);
        var not = or.Or![1];
        Assert.Equal(ChoiceRuleKind.Not, not.Kind);
        Assert.Equal(ComparisonOperator.IsNull, not.Not!.Comparison!.Operator);
        Assert.Equal("/States/S/Choices/0/And/1/Or/1/Not", not.Not.Pointer);
        Assert.Equal(6, rule.DescendantsAndSelf().Count());
    }

    [Fact]
    public void And_with_a_comparison_is_invalid()
    {
        Assert.Equal(ChoiceRuleKind.Invalid, Rule("{'And':[],'Variable':'$.a','IsPresent':true,'Next':'N'}").Kind);
        Assert.Equal(ChoiceRuleKind.Invalid, Rule("{'Next':'N'}").Kind);
    }

    [Fact]
    public void JSONata_rule_has_a_condition_output_and_assign()
    {
        var rule = Rule(
            "{'Condition':'{% $states.input.n > 1 %}','Next':'N','Output':{'o':1},'Assign':{'a':2},'Comment':'big'}",
            ",'QueryLanguage':'JSONata'");
        Assert.Equal(ChoiceRuleKind.Condition, rule.Kind);
        Assert.True(rule.Condition!.IsExpression);
        Assert.Equal(" $states.input.n > 1 ", rule.Condition.Expression);
        Assert.NotNull(rule.Output);
        Assert.NotNull(rule.Assign);
        Assert.Equal("N", rule.Next);
        Assert.Empty(rule.UnknownFields);
    }

    [Fact]
    public void Literal_boolean_condition()
    {
        Assert.True(Rule("{'Condition':true,'Next':'N'}").Condition!.Boolean);
    }

    [Fact]
    public void Non_object_nested_rules_are_skipped_in_the_typed_view()
    {
        var rule = Rule("{'Or':[1,{'Variable':'$.a','IsNull':false}],'Next':'N'}");
        Assert.Single(rule.Or!);
        Assert.Equal("/States/S/Choices/0/Or/1", rule.Or![0].Pointer);
        Assert.Null(Rule("{'Not':[],'Next':'N'}").Not);
    }
}

namespace AslCompiler.Tests.Shared;

/// <summary>The definition the seeded-random tests run, interpreted (runtime tests) and compiled (generator tests).</summary>
internal static class SeededRandomDefinition
{
    /// <summary>Every JSONata random function, in a state, in Parallel branches and in Map iterations (all synchronous, so the draws come in one order).</summary>
    public const string Json = """
        {
          "QueryLanguage": "JSONata",
          "StartAt": "Draw",
          "States": {
            "Draw": {
              "Type": "Pass",
              "Assign": { "later": "{% $random() %}" },
              "Output": { "random": "{% $random() %}", "shuffled": "{% $shuffle([1..20]) %}", "uuid": "{% $uuid() %}", "seeded": "{% $random(42) %}" },
              "Next": "Fan"
            },
            "Fan": {
              "Type": "Parallel",
              "Branches": [
                { "StartAt": "B", "States": { "B": { "Type": "Pass", "Output": "{% $uuid() %}", "End": true } } },
                { "StartAt": "C", "States": { "C": { "Type": "Pass", "Output": "{% [$random(), $shuffle(['a', 'b', 'c', 'd'])] %}", "End": true } } }
              ],
              "Output": { "draw": "{% $states.input %}", "later": "{% $later %}", "branches": "{% $states.result %}" },
              "Next": "Each"
            },
            "Each": {
              "Type": "Map",
              "Items": "{% [1, 2, 3] %}",
              "ItemProcessor": {
                "ProcessorConfig": { "Mode": "INLINE" },
                "StartAt": "I",
                "States": { "I": { "Type": "Pass", "Output": { "item": "{% $states.input %}", "order": "{% $shuffle([1..5]) %}", "id": "{% $uuid() %}" }, "End": true } }
              },
              "Output": { "before": "{% $states.input %}", "items": "{% $states.result %}" },
              "End": true
            }
          }
        }
        """;
}

using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Model;

internal sealed partial class SessionGenerator
{
    /// <summary>The clock and page trail of one session: each event's referrer is the page before it.</summary>
    private sealed class Funnel(SessionGenerator owner, SimSession session, DateTimeOffset start)
    {
        private string? _previousUrl = session.Referrer;

        public DateTimeOffset Time { get; private set; } = start;

        public List<SimEvent> Events { get; } = new(12);

        public void Search()
        {
            var term = owner._world.SearchTerms[owner._world.PickProduct(owner._random).Index];
            Add(ClickEventType.Search, null, Site + "/search?q=" + term, term, owner._random.Next(0, 121), 0m);
        }

        public void Add(ClickEventType type, string? productId, string url, string? text, int count, decimal amount)
        {
            Events.Add(new SimEvent
            {
                Session = session,
                EventId = Sampling.Id("e_", owner._random),
                Type = type,
                ProductId = productId,
                PageUrl = url,
                Referrer = _previousUrl,
                EventTime = Time,
                Text = text,
                Count = count,
                Amount = amount,
            });
            _previousUrl = url;

            // Think time: mostly seconds, sometimes minutes.
            var seconds = 3 + owner._random.Next(0, 60) + (owner._random.NextDouble() < 0.25 ? owner._random.Next(60, 300) : 0);
            Time = Time.AddMilliseconds((seconds * 1000) + owner._random.Next(1000));
        }
    }
}

/*
 * Draws a builtin report (the figures of GET /embed/reports/{id}/data) as an SVG bar chart. Shared
 * by the demo viewer page and the embeddable report page; no library needed.
 *
 *   TokenkeeperReportChart.draw(element, figures, {view: 'monthly' | 'regions', region: 'all' | 'North' | ..., onBarClick})
 */
(function (root) {
    'use strict';

    const SVG = 'http://www.w3.org/2000/svg';
    const COLORS = {North: '#2f6fdf', South: '#e8833a', East: '#2a9d8f', West: '#9b5de5'};
    const WIDTH = 720;
    const HEIGHT = 320;
    const MARGIN = {top: 16, right: 16, bottom: 36, left: 64};

    function el(name, attributes, text) {
        const node = document.createElementNS(SVG, name);
        Object.keys(attributes || {}).forEach((key) => node.setAttribute(key, attributes[key]));
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function money(value, currency) {
        return new Intl.NumberFormat(undefined, {style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0}).format(value);
    }

    /** The axis top: the tallest bar rounded up to 1, 2, 2.5 or 5 times a power of ten, so the four gridlines read well. */
    function niceCeiling(value) {
        const power = Math.pow(10, Math.floor(Math.log10(value)));
        const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value);
        return step * power;
    }

    /** One bar per month (stacked by region, or the chosen region alone), or one bar per region (year total). */
    function bars(figures, view, region) {
        const regions = figures.regions.filter((r) => region === 'all' || r.name === region);
        if (view === 'regions') {
            return regions.map((r) => ({label: r.name, segments: [{region: r.name, value: r.sales.reduce((a, b) => a + b, 0)}]}));
        }
        return figures.months.map((month, i) => ({label: month, segments: regions.map((r) => ({region: r.name, value: r.sales[i]}))}));
    }

    function draw(container, figures, options) {
        const view = (options && options.view) || 'monthly';
        const region = (options && options.region) || 'all';
        const data = bars(figures, view, region);
        const max = niceCeiling(Math.max(1, ...data.map((b) => b.segments.reduce((sum, s) => sum + s.value, 0))));
        const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
        const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
        const step = plotWidth / data.length;
        const barWidth = step * 0.7;

        const svg = el('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'report-chart',
            'aria-label': figures.title + (region === 'all' ? '' : ', ' + region)});
        for (let i = 0; i <= 4; i++) {
            const y = MARGIN.top + plotHeight - (plotHeight * i) / 4;
            svg.appendChild(el('line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y, y2: y, class: 'grid'}));
            svg.appendChild(el('text', {x: MARGIN.left - 8, y: y + 4, 'text-anchor': 'end', class: 'axis'},
                money((max * i) / 4, figures.currency)));
        }
        data.forEach((bar, i) => {
            const x = MARGIN.left + i * step + (step - barWidth) / 2;
            let y = MARGIN.top + plotHeight;
            bar.segments.forEach((segment) => {
                const h = (segment.value / max) * plotHeight;
                y -= h;
                const rect = el('rect', {x: x, y: y, width: barWidth, height: Math.max(h, 0.5), fill: COLORS[segment.region] || '#888',
                    class: 'bar', tabindex: '0', 'data-region': segment.region, 'data-label': bar.label, 'data-value': segment.value});
                rect.appendChild(el('title', {}, `${bar.label} · ${segment.region}: ${money(segment.value, figures.currency)}`));
                if (options && typeof options.onBarClick === 'function') {
                    const click = () => options.onBarClick({label: bar.label, region: segment.region, value: segment.value,
                        text: `${bar.label} · ${segment.region}: ${money(segment.value, figures.currency)}`});
                    rect.addEventListener('click', click);
                    rect.addEventListener('keydown', (event) => {
                        if (event.key === 'Enter' || event.key === ' ') {
                            click();
                        }
                    });
                }
                svg.appendChild(rect);
            });
            svg.appendChild(el('text', {x: x + barWidth / 2, y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle', class: 'axis'}, bar.label));
        });
        container.replaceChildren(svg);
        return svg;
    }

    root.TokenkeeperReportChart = {draw: draw, COLORS: COLORS};
}(window));
